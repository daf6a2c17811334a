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

    boolean anyMultikey() {
        for (boolean flag : multikey) {
            if (flag) {
                return true;
            }
        }
        return false;
    }

    private List<Object[]> keysOf(Document document, boolean markMultikey) {
        return DocumentKeys.of(document, keys(), isSparse(), markMultikey ? multikey : null);
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

    /** The positions of one interval in key order (or reversed), read lazily; every key read is counted. */
    Iterable<P> walk(IndexEntry[] interval, boolean descending) {
        if (IndexEntry.ORDER.compare(interval[0], interval[1]) > 0) {
            return java.util.Collections.emptyList();
        }
        NavigableMap<IndexEntry, P> range = entries.subMap(interval[0], true, interval[1], true);
        Iterable<P> values = (descending ? range.descendingMap() : range).values();
        return () -> {
            java.util.Iterator<P> inner = values.iterator();
            return new java.util.Iterator<P>() {
                public boolean hasNext() {
                    return inner.hasNext();
                }

                public P next() {
                    Examined.keys(1);
                    return inner.next();
                }
            };
        };
    }

    /** The entries of one interval in key order (or reversed), read lazily; every key read is counted. */
    Iterable<Map.Entry<IndexEntry, P>> walkEntries(IndexEntry[] interval, boolean descending) {
        if (IndexEntry.ORDER.compare(interval[0], interval[1]) > 0) {
            return java.util.Collections.emptyList();
        }
        NavigableMap<IndexEntry, P> range = entries.subMap(interval[0], true, interval[1], true);
        Iterable<Map.Entry<IndexEntry, P>> walk = (descending ? range.descendingMap() : range).entrySet();
        return () -> {
            java.util.Iterator<Map.Entry<IndexEntry, P>> inner = walk.iterator();
            return new java.util.Iterator<Map.Entry<IndexEntry, P>>() {
                public boolean hasNext() {
                    return inner.hasNext();
                }

                public Map.Entry<IndexEntry, P> next() {
                    Examined.keys(1);
                    return inner.next();
                }
            };
        };
    }

    @Override
    public long getCount() { return size.get(); }

    @Override
    public long getDataSize() { return getCount(); }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        keysOf(newDocument, false);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
        throws KeyConstraintError {
        // Each version's keys computed once (remove and add computed them again); the old version's entries that
        // the new one lacks are removed, then the new version's are put (a drop changes 7 of a customer's 11).
        List<Object[]> before = keysOf(oldDocument, false);
        List<Object[]> after = keysOf(newDocument, true);
        if (sameKeys(before, after)) {
            return;
        }
        Object oldId = idOf(oldDocument);
        Object newId = idOf(newDocument);
        // Long multikey arrays are not compared pairwise: all old entries go.
        boolean sameId = java.util.Objects.equals(oldId, newId) && (long) before.size() * after.size() <= 1024;
        for (Object[] key : before) {
            if (!sameId || !containsKey(after, key)) {
                if (entries.remove(new IndexEntry(key, oldId)) != null) {
                    size.decrementAndGet();
                }
            }
        }
        // Every key of the new version is put (a put of a present entry changes nothing): a removed key may have
        // shared its entry with a kept one that compares equal (1 and 1.0).
        for (Object[] key : after) {
            if (entries.put(new IndexEntry(key, newId), position) == null) {
                size.incrementAndGet();
            }
        }
    }

    private static boolean containsKey(List<Object[]> keys, Object[] key) {
        for (Object[] candidate : keys) {
            if (java.util.Arrays.deepEquals(candidate, key)) {
                return true;
            }
        }
        return false;
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
