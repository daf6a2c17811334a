package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Part of this project's launcher of mongo-java-server: a count answered from an index alone, as MongoDB's
 * COUNT_SCAN does. The driver's countDocuments is the aggregation [{$match: filter}, {$group: {_id: 1, n: {$sum: 1}}}];
 * the library reads every matching document and checks it against the filter (a poll of the pending WeCom events
 * read ~1,800 documents each time). When the filter pins a non-sparse secondary index's leading fields to values
 * whose index keys match exactly what the filter matches (equality or $in on strings, booleans or ObjectIds: no
 * numbers, nulls, arrays, documents or patterns, whose matching is wider than their key), the documents the index
 * holds under those keys are the matches, counted once each (a multikey document has one key per element).
 * Anything else, or a command with options that change matching (collation, hint), goes to the library.
 */
public final class CoveredCount {

    private CoveredCount() {
    }

    /** The reply of a countDocuments aggregation served by an index, or null when the library must run it. */
    public static <P> Document aggregate(AbstractMongoDatabase<P> database, Document command) {
        if (command.containsKey("collation") || command.containsKey("hint") || command.containsKey("explain")
            || !(command.get("aggregate") instanceof String collectionName)
            || !(command.get("pipeline") instanceof List<?> pipeline) || pipeline.size() != 2
            || !(pipeline.get(0) instanceof Document first) || first.size() != 1
            || !(first.get("$match") instanceof Document match) || match.isEmpty()
            || !(pipeline.get(1) instanceof Document second) || second.size() != 1
            || !(second.get("$group") instanceof Document group)) {
            return null;
        }
        String countField = countField(group);
        if (countField == null || !exactPoints(match)) {
            return null;
        }
        MongoCollection<P> collection = database.resolveCollection(collectionName, false);
        if (!(collection instanceof AbstractMongoCollection<P> indexed)) {
            return null;
        }
        Map<String, QueryConstraints.Constraint> constraints = QueryConstraints.of(match);
        for (Index<P> index : indexed.getIndexes()) {
            if (!(index instanceof SortedSecondaryIndex<P> secondary) || secondary.isSparse()
                || !leadingFields(secondary.fieldNames(), match.keySet())) {
                continue;
            }
            int[] used = new int[1];
            List<IndexEntry[]> intervals = IndexBounds.of(secondary, constraints, used);
            if (intervals == null || used[0] != match.size()) {
                continue;
            }
            long[] keys = new long[1];
            Set<P> positions = secondary.positions(intervals, Long.MAX_VALUE, keys);
            Examined.keys(keys[0]);
            Examined.plan(collectionName, match, null, secondary.getName());
            List<Document> batch = positions.isEmpty() ? Collections.emptyList()
                : Collections.singletonList(new Document("_id", group.get("_id")).append(countField, sum(positions.size())));
            return Utils.firstBatchCursorResponse(database.getFullCollectionNamespace(collectionName),
                new ArrayList<>(batch));
        }
        return null;
    }

    // {_id: 1, <field>: {$sum: 1}}: the one field counted, or null for any other grouping.
    private static String countField(Document group) {
        if (group.size() != 2 || !Integer.valueOf(1).equals(group.get("_id"))) {
            return null;
        }
        for (Map.Entry<String, Object> entry : group.entrySet()) {
            if (entry.getKey().equals("_id")) {
                continue;
            }
            if (entry.getKey().startsWith("$") || entry.getKey().contains(".")
                || !(entry.getValue() instanceof Document sum) || sum.size() != 1
                || !Integer.valueOf(1).equals(sum.get("$sum"))) {
                return null;
            }
            return entry.getKey();
        }
        return null;
    }

    // The $sum of that many 1s as the library's accumulator types it: an int while it fits.
    private static Number sum(long count) {
        return count == (int) count ? Integer.valueOf((int) count) : Long.valueOf(count);
    }

    // Every field pinned to values whose index key matches exactly the documents the filter matches.
    private static boolean exactPoints(Document match) {
        for (Map.Entry<String, Object> entry : match.entrySet()) {
            String field = entry.getKey();
            if (field.startsWith("$") || field.contains(".")) {
                return false;
            }
            Object value = entry.getValue();
            if (value instanceof Document operators) {
                if (operators.size() != 1 || !(operators.get("$in") instanceof Collection<?> in) || in.isEmpty()
                    || !in.stream().allMatch(CoveredCount::exactValue)) {
                    return false;
                }
            } else if (!exactValue(value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exactValue(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof ObjectId;
    }

    // The filter's fields are the index's first fields, in any order.
    private static boolean leadingFields(List<String> keys, Set<String> fields) {
        return keys.size() >= fields.size() && fields.containsAll(keys.subList(0, fields.size()));
    }
}
