package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: the projection of one read, with MongoDB's answers where
 * the library's projection (1.47) fails the read for a top-level {@code $slice}:
 * <ul>
 * <li>a {@code [skip, limit]} whose skip lies outside the array: MongoDB answers an empty list for a skip past
 * the end and starts at the first element for a negative skip beyond the start; the library fails the whole read
 * ({@code fromIndex(n) > toIndex(m)}). For a document whose array is shorter than such a skip, the projection is
 * made with the skip MongoDB would use (the array's length, or 0).</li>
 * <li>a field the document does not have: MongoDB leaves it out; the library puts its internal "missing" marker
 * in the answer, which cannot be encoded, and the connection closes. The marker is removed.</li>
 * </ul>
 * Every other document gets the read's own projection.
 */
final class SkippedSlices {

    private final Document fields;
    private final String idField;
    private final Projection projection;
    /** The top-level fields projected with a $slice, and their skips (null for a plain count). */
    private final List<String> keys = new ArrayList<>();
    private final List<Integer> skips = new ArrayList<>();

    SkippedSlices(Document fields, String idField) {
        this.fields = fields;
        this.idField = idField;
        this.projection = new Projection(fields, idField);
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            if (entry.getValue() instanceof Document slice && slice.size() == 1 && slice.containsKey("$slice")
                && !entry.getKey().contains(Utils.PATH_DELIMITER)) {
                keys.add(entry.getKey());
                skips.add(slice.get("$slice") instanceof List<?> bounds && bounds.size() == 2
                    && bounds.get(0) instanceof Number skip ? skip.intValue() : null);
            }
        }
    }

    Document project(Document document) {
        Document clamped = null;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Integer skip = skips.get(i);
            if (skip != null && document.get(key) instanceof List<?> list
                && (list.size() < skip || list.size() < -skip)) {
                if (clamped == null) {
                    clamped = new Document();
                    clamped.putAll(fields);
                }
                List<?> bounds = (List<?>) ((Document) fields.get(key)).get("$slice");
                // (Arrays.asList: a null limit reaches the library, which refuses it as MongoDB does.)
                clamped.put(key, new Document("$slice", Arrays.asList(skip < 0 ? 0 : list.size(), bounds.get(1))));
            }
        }
        Document projected = (clamped == null ? projection : new Projection(clamped, idField)).projectDocument(document);
        for (String key : keys) {
            if (projected.get(key) instanceof Missing) {
                projected.remove(key);
            }
        }
        return projected;
    }
}
