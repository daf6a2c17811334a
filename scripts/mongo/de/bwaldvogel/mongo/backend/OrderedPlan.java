package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.QueryConstraints.Constraint;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: a sorted read served by an index, as MongoDB does it.
 * When the sort is an index's key order after the filter's equality prefix on that index (or the _id order,
 * which the _id index keeps, see SubsetQueryIndex), the index is walked in that order (or reversed) and the
 * read can stop once it has its page instead of reading every match and sorting them. A key is stored as
 * (values, _id), all ascending, so a trailing _id in the sort is served too. An $in on a leading field the sort
 * does not name (the due events of two statuses, oldest first) walks each value's interval and merges the walks in
 * sort order, as MongoDB's SORT_MERGE does, instead of reading every match of every value and sorting them. Not
 * for sparse indexes (they lack documents) nor a sort field holding arrays (MongoDB sorts those by their smallest
 * or largest element).
 */
final class OrderedPlan<P> {

    final String name;
    private final SortedSecondaryIndex<P> index;
    // One interval, or one per value of an $in on the key's leading fields, whose walks are merged.
    private final List<IndexEntry[]> intervals;
    // The key fields the merge compares: those after the $in prefix.
    private final int mergeFrom;
    private final boolean descending;
    private final int bound;

    private OrderedPlan(String name, SortedSecondaryIndex<P> index, List<IndexEntry[]> intervals, int mergeFrom,
                        boolean descending, int bound) {
        this.name = name;
        this.index = index;
        this.intervals = intervals;
        this.mergeFrom = mergeFrom;
        this.descending = descending;
        this.bound = bound;
    }

    /** The walk of the index that narrows the read most among those in sort order, or null. */
    static <P> OrderedPlan<P> find(List<Index<P>> indexes, Map<String, Constraint> constraints, Document orderBy) {
        List<String> fields = new ArrayList<>();
        int direction = directionOf(orderBy, fields);
        if (direction == 0) {
            return null;
        }
        OrderedPlan<P> best = null;
        for (Index<P> candidate : indexes) {
            SortedSecondaryIndex<P> index = candidate instanceof SubsetQueryIndex
                ? ((SubsetQueryIndex<P>) candidate).order()
                : candidate instanceof SortedSecondaryIndex ? (SortedSecondaryIndex<P>) candidate : null;
            if (index == null || index.isSparse()) {
                continue;
            }
            OrderedPlan<P> plan = of(candidate.getName(), index, constraints, fields, direction < 0);
            if (plan != null && (best == null || plan.bound > best.bound)) {
                best = plan;
            }
        }
        return best;
    }

    // The sort's fields in order, and its one direction (1 or -1); 0 when it has none or mixes them.
    private static int directionOf(Document orderBy, List<String> fields) {
        if (orderBy == null || orderBy.isEmpty()) {
            return 0;
        }
        int direction = 0;
        for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
            if (entry.getKey().startsWith("$") || !(entry.getValue() instanceof Number)) {
                return 0;
            }
            int sign = Double.compare(((Number) entry.getValue()).doubleValue(), 0);
            if (sign == 0 || (direction != 0 && sign != direction)) {
                return 0;
            }
            direction = sign;
            fields.add(entry.getKey());
        }
        return direction;
    }

    private static <P> OrderedPlan<P> of(String name, SortedSecondaryIndex<P> index, Map<String, Constraint> constraints,
                                         List<String> sort, boolean descending) {
        List<String> keys = index.fieldNames();
        Map<String, Constraint> prefix = new LinkedHashMap<>();
        int fixed = 0;
        // Fields pinned to one value, or to several ($in) when the sort does not name them: each value's interval
        // is in sort order, and the walks of all of them are merged (MongoDB's SORT_MERGE).
        while (fixed < keys.size() && constraints.containsKey(keys.get(fixed))
            && (constraints.get(keys.get(fixed)).isSinglePoint()
                || (constraints.get(keys.get(fixed)).points != null && !sort.contains(keys.get(fixed))))) {
            prefix.put(keys.get(fixed), constraints.get(keys.get(fixed)));
            fixed++;
        }
        List<String> rest = new ArrayList<>(sort);
        // A field pinned to one value is the same in every match: it orders nothing (unless it holds arrays).
        for (int i = 0; i < fixed; i++) {
            if (!index.isMultikey(i)) {
                rest.remove(keys.get(i));
            }
        }
        if (!followsKeys(index, keys, fixed, rest)) {
            return null;
        }
        int bound = fixed;
        if (fixed < keys.size() && constraints.containsKey(keys.get(fixed)) && constraints.get(keys.get(fixed)).isRange()) {
            prefix.put(keys.get(fixed), constraints.get(keys.get(fixed)));
            bound++;
        }
        int[] used = new int[1];
        List<IndexEntry[]> intervals = bound == 0 ? null : IndexBounds.of(index, prefix, used);
        if (intervals != null && (intervals.isEmpty() || used[0] != bound)) {
            return null;
        }
        if (intervals == null) {
            intervals = java.util.Collections.singletonList(IndexBounds.everything(index));
        }
        return new OrderedPlan<>(name, index, intervals, fixed, descending, used[0]);
    }

    // The walks of several intervals merged by the key fields after the prefix, then _id: in every interval the
    // prefix is one value, so each walk is already in that order.
    private Iterable<P> merged() {
        java.util.Comparator<IndexEntry> order = (a, b) -> {
            for (int i = mergeFrom; i < a.values.length; i++) {
                int cmp = IndexEntry.compareValues(a.values[i], b.values[i]);
                if (cmp != 0) {
                    return cmp;
                }
            }
            return IndexEntry.compareValues(a.id, b.id);
        };
        java.util.Comparator<IndexEntry> direction = descending ? order.reversed() : order;
        return () -> {
            java.util.PriorityQueue<Head<P>> heads = new java.util.PriorityQueue<>(
                (x, y) -> direction.compare(x.entry.getKey(), y.entry.getKey()));
            for (IndexEntry[] interval : intervals) {
                Head<P> head = new Head<>(index.walkEntries(interval, descending).iterator());
                if (head.advance()) {
                    heads.add(head);
                }
            }
            return new java.util.Iterator<P>() {
                public boolean hasNext() {
                    return !heads.isEmpty();
                }

                public P next() {
                    Head<P> head = heads.poll();
                    if (head == null) {
                        throw new java.util.NoSuchElementException();
                    }
                    P position = head.entry.getValue();
                    if (head.advance()) {
                        heads.add(head);
                    }
                    return position;
                }
            };
        };
    }

    private static final class Head<P> {
        final java.util.Iterator<Map.Entry<IndexEntry, P>> walk;
        Map.Entry<IndexEntry, P> entry;

        Head(java.util.Iterator<Map.Entry<IndexEntry, P>> walk) {
            this.walk = walk;
        }

        boolean advance() {
            if (!walk.hasNext()) {
                return false;
            }
            entry = walk.next();
            return true;
        }
    }

    // Whether these sort fields are the index's keys from `from` on, optionally ending with _id, none multikey.
    private static boolean followsKeys(SortedSecondaryIndex<?> index, List<String> keys, int from, List<String> sort) {
        for (int i = 0; i < sort.size(); i++) {
            String field = sort.get(i);
            int key = from + i;
            if (key < keys.size() && keys.get(key).equals(field) && !index.isMultikey(key)) {
                continue;
            }
            // A key ends with the document's _id: _id may end the sort right after the index's last key field.
            return field.equals("_id") && i == sort.size() - 1 && key == keys.size();
        }
        return true;
    }

    /** The positions in sort order, each once. */
    Iterable<P> positions() {
        Iterable<P> walk = intervals.size() == 1 ? index.walk(intervals.get(0), descending) : merged();
        if (!index.anyMultikey()) {
            return walk;
        }
        return () -> {
            Set<P> seen = new HashSet<>();
            java.util.Iterator<P> inner = walk.iterator();
            return new java.util.Iterator<P>() {
                private P next = advance();

                private P advance() {
                    while (inner.hasNext()) {
                        P position = inner.next();
                        if (seen.add(position)) {
                            return position;
                        }
                    }
                    return null;
                }

                public boolean hasNext() {
                    return next != null;
                }

                public P next() {
                    P current = next;
                    next = advance();
                    return current;
                }
            };
        };
    }
}
