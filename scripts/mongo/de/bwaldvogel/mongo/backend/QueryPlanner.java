package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;

/**
 * Part of this project's launcher of mongo-java-server: picks, for one read, the index that yields the fewest
 * candidates (the library takes the first index that can answer, and never a non-unique one). Each index's
 * bounds come from the filter's top-level fields (and top-level $and): an equality or $in prefix of the key,
 * then at most one range. Candidates are counted up to the best count so far, as MongoDB races plans; the
 * collection then checks every candidate against the whole filter, so bounds need only be a superset.
 */
public final class QueryPlanner {

    // Beyond this many point combinations an $in on a later key field is left to the filter.
    private static final int MAX_INTERVALS = 4096;

    private QueryPlanner() {
    }

    /** Runs one read of a collection through the cheapest plan. */
    public static <P> QueryResult query(AbstractMongoCollection<P> collection, Document query, Document orderBy,
                                        int skip, int limit, int batchSize, Document fields) {
        String name = collection.getCollectionName();
        Document planQuery = query;
        if (query.isEmpty()) {
            Document match = Examined.takePendingMatch(name);
            if (match != null) {
                planQuery = match;
            }
        }
        Choice<P> choice = choose(collection.getIndexes(), planQuery);
        if (choice == null) {
            Examined.plan(name, planQuery, orderBy, "COLLSCAN");
            return collection.matchDocuments(query, orderBy, skip, limit, batchSize, fields);
        }
        Examined.plan(name, planQuery, orderBy, choice.name);
        return collection.matchDocuments(query, choice.positions.get(), orderBy, skip, limit, batchSize, fields);
    }

    private static final class Choice<P> {
        final String name;
        final long cost;
        final int fieldsUsed;
        final boolean unique;
        final Supplier<Iterable<P>> positions;

        Choice(String name, long cost, int fieldsUsed, boolean unique, Supplier<Iterable<P>> positions) {
            this.name = name;
            this.cost = cost;
            this.fieldsUsed = fieldsUsed;
            this.unique = unique;
            this.positions = positions;
        }
    }

    static <P> Choice<P> choose(List<Index<P>> indexes, Document query) {
        if (query.isEmpty()) {
            return null;
        }
        Choice<P> best = null;
        List<SortedSecondaryIndex<P>> secondary = new ArrayList<>();
        for (Index<P> index : indexes) {
            if (index instanceof SortedSecondaryIndex) {
                secondary.add((SortedSecondaryIndex<P>) index);
            } else if (index.canHandle(query)) {
                long cost = uniqueCost(index, query);
                if (best == null || cost < best.cost) {
                    best = new Choice<>(index.getName(), cost, index.getKeys().size(), true, countedPositions(index, query));
                }
            }
        }
        Map<String, Constraint> constraints = constraints(query);
        best = better(best, orPlan(indexes, query));
        if (constraints.isEmpty()) {
            return best;
        }
        List<Object[]> planned = new ArrayList<>();
        for (SortedSecondaryIndex<P> index : secondary) {
            int[] used = new int[1];
            List<IndexEntry[]> intervals = bounds(index, constraints, used);
            if (intervals != null) {
                planned.add(new Object[] {index, intervals, used});
            }
        }
        // Most key fields bound first: likely the most selective, so later candidates stop counting early.
        planned.sort((a, b) -> Integer.compare(((int[]) b[2])[0], ((int[]) a[2])[0]));
        for (Object[] plan : planned) {
            @SuppressWarnings("unchecked")
            SortedSecondaryIndex<P> index = (SortedSecondaryIndex<P>) plan[0];
            @SuppressWarnings("unchecked")
            List<IndexEntry[]> intervals = (List<IndexEntry[]>) plan[1];
            int used = ((int[]) plan[2])[0];
            long cap = best == null ? Long.MAX_VALUE - 1 : best.cost;
            long[] keys = new long[1];
            Set<P> positions = index.positions(intervals, cap, keys);
            Examined.keys(keys[0]);
            long cost = positions.size();
            boolean better = best == null || cost < best.cost
                || (cost == best.cost && !best.unique && used > best.fieldsUsed);
            if (cost <= cap && better) {
                best = new Choice<>(index.getName(), cost, used, false, () -> positions);
            }
        }
        return best;
    }

    private static <P> Choice<P> better(Choice<P> a, Choice<P> b) {
        return a == null || (b != null && b.cost < a.cost) ? b : a;
    }

    // A top-level $or whose every branch an index narrows is served by the union of the branches' plans,
    // as MongoDB's OR plan does; otherwise the $or only filters.
    private static <P> Choice<P> orPlan(List<Index<P>> indexes, Document query) {
        if (!(query.get("$or") instanceof List) || ((List<?>) query.get("$or")).isEmpty()) {
            return null;
        }
        List<Choice<P>> branches = new ArrayList<>();
        long cost = 0;
        for (Object branch : (List<?>) query.get("$or")) {
            Choice<P> choice = branch instanceof Document ? choose(indexes, (Document) branch) : null;
            if (choice == null) {
                return null;
            }
            branches.add(choice);
            cost += choice.cost;
        }
        List<String> names = new ArrayList<>();
        branches.forEach(branch -> names.add(branch.name));
        return new Choice<>("OR[" + String.join(",", names) + "]", cost, 0, false, () -> {
            Set<P> union = new java.util.LinkedHashSet<>();
            branches.forEach(branch -> branch.positions.get().forEach(union::add));
            return union;
        });
    }

    private static <P> Supplier<Iterable<P>> countedPositions(Index<P> index, Document query) {
        return () -> {
            List<P> positions = new ArrayList<>();
            for (P position : index.getPositions(query)) {
                positions.add(position);
            }
            Examined.keys(positions.size());
            return positions;
        };
    }

    private static long uniqueCost(Index<?> index, Document query) {
        long cost = 1;
        for (IndexKey key : index.getKeys()) {
            Object value = query.get(key.getKey());
            if (value instanceof Document && ((Document) value).get("$in") instanceof Collection) {
                cost *= Math.max(1, ((Collection<?>) ((Document) value).get("$in")).size());
            } else if (value instanceof Document || BsonRegularExpression.isRegularExpression(value)) {
                return Math.max(cost, index.getCount());
            }
        }
        return cost;
    }

    /** What the filter says about one field: points (equality, $in) or an inclusive range; null bounds are open. */
    static final class Constraint {
        final List<Object> points;
        final Object lower;
        final Object upper;
        // {$exists: true} alone: narrows only a sparse index, which holds just the documents with the field
        final boolean exists;

        Constraint(List<Object> points, Object lower, Object upper) {
            this(points, lower, upper, false);
        }

        Constraint(List<Object> points, Object lower, Object upper, boolean exists) {
            this.points = points;
            this.lower = lower;
            this.upper = upper;
            this.exists = exists;
        }
    }

    static Map<String, Constraint> constraints(Document query) {
        Map<String, Constraint> result = new LinkedHashMap<>();
        collect(query, result);
        return result;
    }

    private static void collect(Document query, Map<String, Constraint> result) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String key = entry.getKey();
            if (key.equals("$and") && entry.getValue() instanceof List) {
                for (Object part : (List<?>) entry.getValue()) {
                    if (part instanceof Document) {
                        collect((Document) part, result);
                    }
                }
            } else if (!key.startsWith("$")) {
                Constraint constraint = constraintOf(entry.getValue());
                if (constraint != null) {
                    result.merge(key, constraint, QueryPlanner::tighter);
                }
            }
        }
    }

    private static Constraint tighter(Constraint a, Constraint b) {
        if (a.exists != b.exists) {
            return a.exists ? b : a;
        }
        if (a.points != null && b.points != null) {
            return a.points.size() <= b.points.size() ? a : b;
        }
        return a.points != null ? a : b.points != null ? b : a;
    }

    private static boolean hasOperators(Object value) {
        return value instanceof Document && ((Document) value).keySet().stream().anyMatch(key -> key.startsWith("$"));
    }

    private static boolean isPoint(Object value) {
        return !(value instanceof Collection) && !BsonRegularExpression.isRegularExpression(value) && !hasOperators(value)
            && !(value instanceof MinKey) && !(value instanceof MaxKey);
    }

    private static Constraint constraintOf(Object value) {
        if (!hasOperators(value)) {
            return isPoint(value) ? new Constraint(java.util.Collections.singletonList(value), null, null) : null;
        }
        Document operators = (Document) value;
        if (operators.containsKey("$eq") && isPoint(operators.get("$eq"))) {
            return new Constraint(java.util.Collections.singletonList(operators.get("$eq")), null, null);
        }
        Object in = operators.get("$in");
        if (in instanceof Collection && ((Collection<?>) in).stream().allMatch(QueryPlanner::isPoint)) {
            return new Constraint(new ArrayList<>((Collection<?>) in), null, null);
        }
        Object lower = rangeOperand(operators.containsKey("$gt") ? operators.get("$gt") : operators.get("$gte"));
        Object upper = rangeOperand(operators.containsKey("$lt") ? operators.get("$lt") : operators.get("$lte"));
        if (lower != null && upper != null && ValueComparator.compareTypes(lower, upper) != 0) {
            upper = null;
        }
        if (lower == null && upper == null) {
            return Utils.isTrue(operators.get("$exists")) ? new Constraint(null, null, null, true) : null;
        }
        return new Constraint(null, lower, upper);
    }

    // A comparison only matches values of its operand's type bracket; null, MinKey/MaxKey, arrays, documents
    // and patterns are left to the filter.
    private static Object rangeOperand(Object operand) {
        if (Missing.isNullOrMissing(operand) || operand instanceof Collection || operand instanceof Document
            || operand instanceof MinKey || operand instanceof MaxKey || BsonRegularExpression.isRegularExpression(operand)) {
            return null;
        }
        return operand;
    }

    /** The key intervals of one index for these constraints, or null when its first key field is unbound. */
    static List<IndexEntry[]> bounds(SortedSecondaryIndex<?> index, Map<String, Constraint> constraints, int[] used) {
        List<String> fields = index.fieldNames();
        List<Object[]> lows = new ArrayList<>();
        List<Object[]> highs = new ArrayList<>();
        lows.add(new Object[0]);
        highs.add(new Object[0]);
        int bound = 0;
        while (bound < fields.size()) {
            Constraint constraint = constraints.get(fields.get(bound));
            if (constraint == null) {
                break;
            }
            if (constraint.points != null) {
                if (index.isSparse() && constraint.points.stream().anyMatch(Missing::isNullOrMissing)) {
                    // A sparse index lacks the documents that have none of its fields, which null matches.
                    break;
                }
                Set<Object> points = new TreeSet<>(IndexEntry::compareValues);
                for (Object point : constraint.points) {
                    points.add(Missing.isNullOrMissing(point) ? null : point);
                }
                if (!lows.isEmpty() && lows.size() * (long) points.size() > MAX_INTERVALS) {
                    break;
                }
                lows = extend(lows, points);
                highs = extend(highs, points);
                bound++;
                continue;
            }
            if (constraint.exists) {
                if (index.isSparse()) {
                    lows = extend(lows, java.util.Collections.singletonList(IndexEntry.Bound.MIN));
                    highs = extend(highs, java.util.Collections.singletonList(IndexEntry.Bound.MAX));
                    bound++;
                }
                break;
            }
            Object lower = constraint.lower;
            Object upper = index.isMultikey(bound) && lower != null ? null : constraint.upper;
            lows = extend(lows, java.util.Collections.singletonList(lower != null ? lower : IndexEntry.Bound.startOfType(upper)));
            highs = extend(highs, java.util.Collections.singletonList(upper != null ? upper : IndexEntry.Bound.endOfType(lower)));
            bound++;
            break;
        }
        if (bound == 0) {
            return null;
        }
        used[0] = bound;
        List<IndexEntry[]> intervals = new ArrayList<>(lows.size());
        for (int i = 0; i < lows.size(); i++) {
            intervals.add(new IndexEntry[] {
                new IndexEntry(pad(lows.get(i), fields.size(), IndexEntry.Bound.MIN), IndexEntry.Bound.MIN),
                new IndexEntry(pad(highs.get(i), fields.size(), IndexEntry.Bound.MAX), IndexEntry.Bound.MAX)});
        }
        return intervals;
    }

    private static List<Object[]> extend(List<Object[]> prefixes, Collection<Object> values) {
        List<Object[]> result = new ArrayList<>(prefixes.size() * values.size());
        for (Object[] prefix : prefixes) {
            for (Object value : values) {
                Object[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                next[prefix.length] = value;
                result.add(next);
            }
        }
        return result;
    }

    private static Object[] pad(Object[] prefix, int length, Object filler) {
        Object[] padded = java.util.Arrays.copyOf(prefix, length);
        for (int i = prefix.length; i < length; i++) {
            padded[i] = filler;
        }
        return padded;
    }
}
