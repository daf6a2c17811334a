package de.bwaldvogel.mongo.backend.h2;

import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;

/**
 * Part of this project's launcher of mongo-java-server: a unique index of the H2 database kept in memory (a hash
 * map from the key values to the document's position), like the library's in-memory backend does, instead of the
 * library's H2 map. The library's map keys are Java-serialized objects: every lookup pays comparisons in an
 * MVMap page and page reads, and every commit rewrites the map's pages (profiled: about half the database's CPU
 * in a claim storm). Like SortedSecondaryIndex this is derived state: empty when the database opens, so the
 * library rebuilds it from the stored documents (checking uniqueness again), and it cannot drift from them.
 */
final class DerivedUniqueIndex extends AbstractUniqueIndex<Object> {

    private final Map<KeyValue, Object> positions = new ConcurrentHashMap<>();

    DerivedUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return positions.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return positions.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return positions.get(keyValue);
    }

    @Override
    public long getCount() {
        return positions.size();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        positions.clear();
    }
}
