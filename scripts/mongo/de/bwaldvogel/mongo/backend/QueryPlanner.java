package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: picks, for one read, the index that yields the fewest
 * candidates (the library takes the first index that can answer, and never a non-unique one). Each index's
 * bounds come from the filter's top-level fields (and top-level $and, see QueryConstraints and IndexBounds).
 * Candidates are counted up to the best count so far, as MongoDB races plans; every candidate is then checked
 * against the whole filter (PlannedRead), so bounds need only be a superset. A sorted read with a limit first
 * tries a walk of an index in sort order (OrderedPlan) that stops at its page, within what the best filter
 * plan would examine; it falls back to that plan (and an in-memory sort) when the walk would cost more. Against
 * such a walk, index plans are counted only up to a few times the page (an index with more candidates would
 * read and sort more than the walk), so a filter on a common value costs no count of all its keys.
 */
public final class QueryPlanner {

    private static final long UNCAPPED = Long.MAX_VALUE - 1;
    // How far an index plan is counted against an ordered walk: this many times the page, at least RACE_MIN.
    private static final long RACE_FACTOR = 50;
    private static final long RACE_MIN = 1000;

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
        PlannedRead.Read read = new PlannedRead.Read(query, orderBy, skip, limit, batchSize, fields);
        OrderedPlan<P> ordered = OrderedPlan.find(collection.getIndexes(), QueryConstraints.of(planQuery), orderBy);
        // Against a walk that stops at the page, an index plan is worth counting only up to a few times the page:
        // beyond, it would read and sort more than the walk is likely to examine.
        long cap = ordered != null && limit > 0 ? Math.max(RACE_MIN, RACE_FACTOR * ((long) skip + limit)) : UNCAPPED;
        Choice<P> choice = choose(collection.getIndexes(), planQuery, cap);
        QueryResult walked = ordered == null ? null : walkInOrder(collection, planQuery, read, choice, ordered);
        if (walked != null) {
            return walked;
        }
        if (choice != null) {
            Examined.plan(name, planQuery, orderBy, choice.name);
            return PlannedRead.run(collection, PlannedRead.documents(collection, choice.positions.get()), read, false,
                Long.MAX_VALUE);
        }
        Examined.plan(name, planQuery, orderBy, "COLLSCAN");
        if (AbstractMongoCollection.isNaturalDescending(orderBy)) {
            // The backend knows its reverse insertion order; its own read checks every document.
            Examined.documents(collection.count());
            return collection.matchDocuments(query, orderBy, skip, limit, batchSize, fields);
        }
        return PlannedRead.run(collection, PlannedRead.everything(collection), read, false, Long.MAX_VALUE);
    }

    // A read in an index's order that stops at its page; null when the filter's best plan examines fewer
    // documents than the page needs, or the walk ran past what that plan costs.
    private static <P> QueryResult walkInOrder(AbstractMongoCollection<P> collection, Document planQuery,
                                               PlannedRead.Read read, Choice<P> choice, OrderedPlan<P> ordered) {
        boolean paged = read.limit() > 0;
        if ((!paged && choice != null) || (choice != null && choice.cost <= (long) read.skip() + read.limit())) {
            return null;
        }
        long budget = choice == null ? Long.MAX_VALUE : choice.cost;
        QueryResult result = PlannedRead.run(collection, PlannedRead.documents(collection, ordered.positions()), read,
            true, budget);
        if (result != null) {
            Examined.plan(collection.getCollectionName(), planQuery, read.orderBy(), ordered.name);
        }
        return result;
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

    /** The plan with the fewest candidates, counting none beyond cap (null: no index narrows within it). */
    static <P> Choice<P> choose(List<Index<P>> indexes, Document query, long cap) {
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
                if (cost <= cap && (best == null || cost < best.cost)) {
                    best = new Choice<>(index.getName(), cost, index.getKeys().size(), true, countedPositions(index, query));
                }
            }
        }
        Map<String, QueryConstraints.Constraint> constraints = QueryConstraints.of(query);
        best = better(best, orPlan(indexes, query, cap));
        if (constraints.isEmpty()) {
            return best;
        }
        List<Object[]> planned = new ArrayList<>();
        for (SortedSecondaryIndex<P> index : secondary) {
            int[] used = new int[1];
            List<IndexEntry[]> intervals = IndexBounds.of(index, constraints, used);
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
            long bound = best == null ? cap : Math.min(cap, best.cost);
            long[] keys = new long[1];
            Set<P> positions = index.positions(intervals, bound, keys);
            Examined.keys(keys[0]);
            long cost = positions.size();
            boolean better = best == null || cost < best.cost
                || (cost == best.cost && !best.unique && used > best.fieldsUsed);
            if (cost <= bound && better) {
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
    private static <P> Choice<P> orPlan(List<Index<P>> indexes, Document query, long cap) {
        if (!(query.get("$or") instanceof List) || ((List<?>) query.get("$or")).isEmpty()) {
            return null;
        }
        List<Choice<P>> branches = new ArrayList<>();
        long cost = 0;
        for (Object branch : (List<?>) query.get("$or")) {
            Choice<P> choice = branch instanceof Document ? choose(indexes, (Document) branch, cap) : null;
            if (choice == null || cost + choice.cost > cap) {
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
}
