package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: what one command examined (documents checked against
 * a filter, index keys read, and the plan of each read: an index name or COLLSCAN), returned in the command's
 * reply as {@code examined} so driver command monitoring sees it; and, across all commands, every query
 * shape with the plans that served it (the {@code queryShapes} command), so tests can fail on a product
 * query that no index serves.
 */
public final class Examined {

    private static final class Counters {
        long documents;
        long keys;
        final List<String> plans = new ArrayList<>();
        String pendingMatchCollection;
        Document pendingMatch;
    }

    private static final ThreadLocal<Counters> CURRENT = ThreadLocal.withInitial(Counters::new);
    private static final Map<String, Document> SHAPES = new TreeMap<>();

    private Examined() {
    }

    public static void begin() {
        CURRENT.set(new Counters());
    }

    /** This command's counters, as a reply field. */
    public static Document end() {
        Counters counters = CURRENT.get();
        CURRENT.remove();
        return new Document("docs", Long.valueOf(counters.documents))
            .append("keys", Long.valueOf(counters.keys))
            .append("plans", counters.plans);
    }

    public static void document() {
        CURRENT.get().documents++;
    }

    public static void documents(long count) {
        CURRENT.get().documents += count;
    }

    public static void keys(long count) {
        CURRENT.get().keys += count;
    }

    /** An aggregation's leading $match: the collection's first full read may use it to pick an index. */
    public static void pendingMatch(String collection, Document match) {
        Counters counters = CURRENT.get();
        counters.pendingMatchCollection = collection;
        counters.pendingMatch = match;
    }

    static Document takePendingMatch(String collection) {
        Counters counters = CURRENT.get();
        if (counters.pendingMatch == null || !collection.equals(counters.pendingMatchCollection)) {
            return null;
        }
        Document match = counters.pendingMatch;
        counters.pendingMatch = null;
        return match;
    }

    static void plan(String collection, Document query, Document orderBy, String plan) {
        CURRENT.get().plans.add(collection + ":" + plan);
        if (collection.startsWith("system.")) {
            return;
        }
        Document shape = new Document("collection", collection).append("filter", shapeOf(query));
        if (orderBy != null && !orderBy.isEmpty()) {
            shape.append("sort", orderBy);
        }
        String key = shape.toString();
        synchronized (SHAPES) {
            Document known = SHAPES.computeIfAbsent(key, k -> shape.cloneDeeply().append("plans", new Document()));
            Document plans = (Document) known.get("plans");
            plans.put(plan, Long.valueOf(((Number) plans.getOrDefault(plan, Long.valueOf(0))).longValue() + 1));
        }
    }

    /** The filter with every value replaced by 1 and operators kept, keys sorted: {a: 1, b: {$gte: 1}}. */
    static Object shapeOf(Object value) {
        if (value instanceof Document) {
            Document document = (Document) value;
            Document shape = new Document();
            for (String key : new TreeMap<>(document).keySet()) {
                Object child = document.get(key);
                if (key.equals("$and") || key.equals("$or") || key.equals("$nor")) {
                    List<Object> parts = new ArrayList<>();
                    for (Object part : (List<?>) child) {
                        parts.add(shapeOf(part));
                    }
                    shape.put(key, parts);
                } else if (child instanceof Document && ((Document) child).keySet().stream().anyMatch(k -> k.startsWith("$"))) {
                    Document operators = new Document();
                    for (String operator : new TreeMap<>((Document) child).keySet()) {
                        Object operand = ((Document) child).get(operator);
                        operators.put(operator, operator.equals("$elemMatch") || operator.equals("$not") ? shapeOf(operand) : 1);
                    }
                    shape.put(key, operators);
                } else {
                    shape.put(key, 1);
                }
            }
            return shape;
        }
        return 1;
    }

    /** Every recorded shape with its plans; reset clears them. */
    public static Document shapes(boolean reset) {
        List<Document> list;
        synchronized (SHAPES) {
            list = new ArrayList<>(SHAPES.values());
            if (reset) {
                SHAPES.clear();
            }
        }
        Document response = new Document("shapes", list);
        Utils.markOkay(response);
        return response;
    }
}
