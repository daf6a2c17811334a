package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;

/**
 * Part of this project's launcher of mongo-java-server: the keys a SortedSecondaryIndex holds for one document.
 * Array fields are multikey (one key per element, an empty array as null), a missing field is null, and two
 * array fields in one compound key are refused as on MongoDB.
 */
final class DocumentKeys {

    private DocumentKeys() {
    }

    /** Every key of one document: the cartesian product of each field's values; marks the fields holding arrays. */
    static List<Object[]> of(Document document, List<String> fields, boolean sparse, boolean[] multikey) {
        if (sparse && fields.stream().noneMatch(field -> hasValue(document, field))) {
            return List.of();
        }
        List<List<Object>> perField = new ArrayList<>(fields.size());
        int arrays = 0;
        for (int i = 0; i < fields.size(); i++) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, fields.get(i));
            if (value instanceof Collection) {
                arrays++;
                if (multikey != null) {
                    multikey[i] = true;
                }
                List<Object> elements = new ArrayList<>();
                for (Object element : (Collection<?>) value) {
                    elements.add(Missing.isNullOrMissing(element) ? null : element);
                }
                if (elements.isEmpty()) {
                    elements.add(null);
                }
                perField.add(elements);
            } else {
                perField.add(java.util.Collections.singletonList(Missing.isNullOrMissing(value) ? null : value));
            }
        }
        if (arrays > 1) {
            refuseParallelArrays(document, fields);
        }
        List<Object[]> result = java.util.Collections.singletonList(new Object[0]);
        for (List<Object> values : perField) {
            result = IndexBounds.product(result, values);
        }
        return result;
    }

    // Whether a sparse index holds the document: the field has a value, directly or in an array element.
    private static boolean hasValue(Document document, String field) {
        Object value = Utils.getSubdocumentValueCollectionAware(document, field);
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().anyMatch(element -> !(element instanceof Missing));
        }
        return !(value instanceof Missing);
    }

    // MongoDB refuses a compound key over two different arrays; so do we, or local tests would pass
    // documents production refuses. Fields under one array ("a.b", "a.c") are fine.
    private static void refuseParallelArrays(Document document, List<String> fields) {
        Set<String> arrayPaths = new LinkedHashSet<>();
        for (String field : fields) {
            List<String> fragments = Utils.splitPath(field);
            for (int i = 1; i <= fragments.size(); i++) {
                String path = Utils.joinPath(fragments.subList(0, i));
                if (Utils.getSubdocumentValue(document, path) instanceof Collection) {
                    arrayPaths.add(path);
                    break;
                }
            }
        }
        if (arrayPaths.size() > 1) {
            throw new CannotIndexParallelArraysError(arrayPaths);
        }
    }
}
