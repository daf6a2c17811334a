package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;

/**
 * Part of this project's launcher of mongo-java-server: what a filter's top-level fields (and top-level $and)
 * say about each field, for QueryPlanner to bound index reads with. Bounds need only be a superset of the
 * matches: the collection checks every candidate against the whole filter.
 */
final class QueryConstraints {

    private QueryConstraints() {
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

        /** Exactly one value: the field is constant over every match. */
        boolean isSinglePoint() {
            return points != null && points.size() == 1;
        }

        boolean isRange() {
            return points == null && !exists;
        }
    }

    static Map<String, Constraint> of(Document query) {
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
                    result.merge(key, constraint, QueryConstraints::tighter);
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
            return isPoint(value) ? new Constraint(Collections.singletonList(value), null, null) : null;
        }
        Document operators = (Document) value;
        if (operators.containsKey("$eq") && isPoint(operators.get("$eq"))) {
            return new Constraint(Collections.singletonList(operators.get("$eq")), null, null);
        }
        Object in = operators.get("$in");
        if (in instanceof Collection && ((Collection<?>) in).stream().allMatch(QueryConstraints::isPoint)) {
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
}
