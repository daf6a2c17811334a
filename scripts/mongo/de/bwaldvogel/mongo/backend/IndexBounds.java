package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import de.bwaldvogel.mongo.backend.QueryConstraints.Constraint;

/**
 * Part of this project's launcher of mongo-java-server: the key intervals of one SortedSecondaryIndex for a
 * filter's constraints: an equality or $in prefix of the key, then at most one range. Intervals are inclusive
 * and may be wider than the filter (the collection checks every candidate against it).
 */
final class IndexBounds {

    // Beyond this many point combinations an $in on a later key field is left to the filter.
    private static final int MAX_INTERVALS = 4096;

    private IndexBounds() {
    }

    /** Per interval: its low and high key prefixes while they are being built. */
    private static final class Prefixes {
        List<Object[]> lows = Collections.singletonList(new Object[0]);
        List<Object[]> highs = Collections.singletonList(new Object[0]);

        void add(Collection<Object> low, Collection<Object> high) {
            lows = product(lows, low);
            highs = product(highs, high);
        }
    }

    /** The key intervals of one index for these constraints, or null when its first key field is unbound. */
    static List<IndexEntry[]> of(SortedSecondaryIndex<?> index, Map<String, Constraint> constraints, int[] used) {
        List<String> fields = index.fieldNames();
        Prefixes prefixes = new Prefixes();
        int bound = 0;
        while (bound < fields.size()) {
            Constraint constraint = constraints.get(fields.get(bound));
            if (constraint == null) {
                break;
            }
            if (constraint.points != null) {
                Set<Object> points = points(index, constraint, prefixes.lows.size());
                if (points == null) {
                    break;
                }
                prefixes.add(points, points);
                bound++;
                continue;
            }
            if (!constraint.exists || index.isSparse()) {
                bindRange(index, bound, constraint, prefixes);
                bound++;
            }
            break;
        }
        if (bound == 0) {
            return null;
        }
        used[0] = bound;
        List<IndexEntry[]> intervals = new ArrayList<>(prefixes.lows.size());
        for (int i = 0; i < prefixes.lows.size(); i++) {
            intervals.add(new IndexEntry[] {
                new IndexEntry(pad(prefixes.lows.get(i), fields.size(), IndexEntry.Bound.MIN), IndexEntry.Bound.MIN),
                new IndexEntry(pad(prefixes.highs.get(i), fields.size(), IndexEntry.Bound.MAX), IndexEntry.Bound.MAX)});
        }
        return intervals;
    }

    /** The whole index, in key order. */
    static IndexEntry[] everything(SortedSecondaryIndex<?> index) {
        int size = index.fieldNames().size();
        return new IndexEntry[] {
            new IndexEntry(pad(new Object[0], size, IndexEntry.Bound.MIN), IndexEntry.Bound.MIN),
            new IndexEntry(pad(new Object[0], size, IndexEntry.Bound.MAX), IndexEntry.Bound.MAX)};
    }

    // The distinct points of an equality or $in, or null when they cannot bound this index.
    private static Set<Object> points(SortedSecondaryIndex<?> index, Constraint constraint, int intervals) {
        if (index.isSparse() && constraint.points.stream().anyMatch(Missing::isNullOrMissing)) {
            // A sparse index lacks the documents that have none of its fields, which null matches.
            return null;
        }
        Set<Object> points = new TreeSet<>(IndexEntry::compareValues);
        for (Object point : constraint.points) {
            points.add(Missing.isNullOrMissing(point) ? null : point);
        }
        return intervals * (long) points.size() > MAX_INTERVALS ? null : points;
    }

    private static void bindRange(SortedSecondaryIndex<?> index, int field, Constraint constraint, Prefixes prefixes) {
        if (constraint.exists) {
            prefixes.add(Collections.singletonList(IndexEntry.Bound.MIN), Collections.singletonList(IndexEntry.Bound.MAX));
            return;
        }
        Object lower = constraint.lower;
        // Two bounds on a multikey field may be met by two different elements: only one bounds the read.
        Object upper = index.isMultikey(field) && lower != null ? null : constraint.upper;
        prefixes.add(Collections.singletonList(lower != null ? lower : IndexEntry.Bound.startOfType(upper)),
            Collections.singletonList(upper != null ? upper : IndexEntry.Bound.endOfType(lower)));
    }

    /** Every prefix extended by every value: the cartesian product, one key field further. */
    static List<Object[]> product(List<Object[]> prefixes, Collection<?> values) {
        List<Object[]> result = new ArrayList<>(prefixes.size() * values.size());
        for (Object[] prefix : prefixes) {
            for (Object value : values) {
                Object[] next = Arrays.copyOf(prefix, prefix.length + 1);
                next[prefix.length] = value;
                result.add(next);
            }
        }
        return result;
    }

    private static Object[] pad(Object[] prefix, int length, Object filler) {
        Object[] padded = Arrays.copyOf(prefix, length);
        for (int i = prefix.length; i < length; i++) {
            padded[i] = filler;
        }
        return padded;
    }
}
