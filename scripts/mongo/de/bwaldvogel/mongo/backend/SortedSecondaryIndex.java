package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

/**
 * Part of this project's launcher of mongo-java-server (not the library): a non-unique (secondary) index,
 * which the library otherwise ignores. A sorted multimap from (key values, _id) to the document's position,
 * in the library's BSON value order. Array fields are multikey (one entry per element, an empty array as
 * null), a missing field is indexed as null, and two array fields in one compound key are refused as on
 * MongoDB. The index only ever narrows candidates: the collection still checks every candidate against the
 * whole filter (QueryPlanner), so bounds are always inclusive and may be wider than the query.
 *
 * Entries live in memory for both backends. With H2 file storage the library rebuilds an empty index from
 * the stored documents when the database opens, so the index is derived state: it cannot drift from the
 * committed data after a crash (H2 may commit in the middle of a command), and commits write no index pages.
 */
public class SortedSecondaryIndex<P> extends Index<P> {

    private final ConcurrentSkipListMap<IndexEntry, P> entries = new ConcurrentSkipListMap<>(IndexEntry.ORDER);
    private final AtomicLong size = new AtomicLong();
    private final String idField;
    // Per key field: some document had an array there (never reset while the index lives, as MongoDB's
    // multikey flag); ranges on such a field use one bound only, since two bounds may be met by two elements.
    private final boolean[] multikey;

    public SortedSecondaryIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
        super(name, keys, sparse);
        this.idField = idField;
        this.multikey = new boolean[keys.size()];
    }

    @Override
    public boolean isSparse() {
        return super.isSparse();
    }

    boolean isMultikey(int field) {
        return multikey[field];
    }

    List<String> fieldNames() {
        return keys();
    }

    /** Every key of one document: the cartesian product of each field's values. */
    private List<Object[]> keysOf(Document document, boolean markMultikey) {
        List<String> fields = keys();
        if (isSparse() && fields.stream().noneMatch(field -> hasValue(document, field))) {
            return List.of();
        }
        List<List<Object>> perField = new ArrayList<>(fields.size());
        int arrays = 0;
        for (int i = 0; i < fields.size(); i++) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, fields.get(i));
            if (value instanceof Collection) {
                arrays++;
                if (markMultikey) {
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
        List<Object[]> result = new ArrayList<>();
        result.add(new Object[0]);
        for (List<Object> values : perField) {
            List<Object[]> next = new ArrayList<>(result.size() * values.size());
            for (Object[] prefix : result) {
                for (Object value : values) {
                    Object[] key = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                    key[prefix.length] = value;
                    next.add(key);
                }
            }
            result = next;
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

    private Object idOf(Document document) {
        Object id = document.get(idField);
        return Missing.isNullOrMissing(id) ? null : id;
    }

    @Override
    public P getPosition(Document document) {
        // The unique _id index answers positions.
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        keysOf(document, false);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        Object id = idOf(document);
        for (Object[] key : keysOf(document, true)) {
            if (entries.put(new IndexEntry(key, id), position) == null) {
                size.incrementAndGet();
            }
        }
    }

    @Override
    public P remove(Document document) {
        Object id = idOf(document);
        P position = null;
        for (Object[] key : keysOf(document, false)) {
            P removed = entries.remove(new IndexEntry(key, id));
            if (removed != null) {
                size.decrementAndGet();
                position = removed;
            }
        }
        return position;
    }

    @Override
    public boolean canHandle(Document query) {
        // Never picked by the library's first-fit loop: QueryPlanner weighs this index against the others.
        return false;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        throw new UnsupportedOperationException("secondary indexes are used through QueryPlanner");
    }

    /** Positions in [low, high], at most limit + 1 of them (deduplicated: a multikey document has many keys). */
    Set<P> positions(List<IndexEntry[]> intervals, long limit, long[] keysExamined) {
        Set<P> positions = new LinkedHashSet<>();
        for (IndexEntry[] interval : intervals) {
            if (IndexEntry.ORDER.compare(interval[0], interval[1]) > 0) {
                // a contradictory range ($gte 5, $lt 3) holds nothing
                continue;
            }
            NavigableMap<IndexEntry, P> range = entries.subMap(interval[0], true, interval[1], true);
            for (Map.Entry<IndexEntry, P> entry : range.entrySet()) {
                keysExamined[0]++;
                positions.add(entry.getValue());
                if (positions.size() > limit) {
                    return positions;
                }
            }
        }
        return positions;
    }

    @Override
    public long getCount() {
        return size.get();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        keysOf(newDocument, false);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
        throws KeyConstraintError {
        if (sameKeys(keysOf(oldDocument, false), keysOf(newDocument, false))) {
            return;
        }
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    private static boolean sameKeys(List<Object[]> a, List<Object[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.deepEquals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void drop() {
        entries.clear();
        size.set(0);
    }
}
