package de.bwaldvogel.mongo.backend.h2;

import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.DataType;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: an H2 map of the file store whose every change is written to
 * the store's journal (Journal) as the entry's new value, or its removal. Every change of a map goes through
 * MVMap.operate (put, putIfAbsent, replace, remove) or clear, so those two are where it is recorded; the caller
 * (a collection, synchronized on itself) still holds its lock, so one entry's records are in the order of its changes.
 * The maps of a collection (its documents, "databases.<ns>", and its meta entries, "meta.<ns>") are opened here, by
 * IndexedH2Database and by the journal's replay alike, so both see the same key and value types.
 */
final class JournaledMap<K, V> extends MVMap<K, V> {

    static final String DATA_PREFIX = "databases.";
    static final String META_PREFIX = "meta.";

    /** The map's name as recorded (the store looks it up in its own meta map); a renamed map forgets it. */
    private volatile String name;

    private JournaledMap(Map<String, Object> config, DataType<K> keyType, DataType<V> valueType) {
        super(config, keyType, valueType);
    }

    /** A collection's documents: BSON values (BsonDocumentType) under positions or _ids (DocumentKeyType). */
    static MVMap<Object, Document> openData(MVStore store, String name) {
        return store.openMap(name, new Builder<Object, Document>().keyType(new DocumentKeyType())
            .valueType(new BsonDocumentType()));
    }

    /** A collection's meta entries (data size, how it is keyed), with H2's default types as before. */
    static MVMap<String, Object> openMeta(MVStore store, String name) {
        return store.openMap(name, new Builder<String, Object>());
    }

    /** Whether the journal records changes of the map of this name (a collection's documents or meta entries). */
    static boolean journaled(String name) {
        return name.startsWith(DATA_PREFIX) || name.startsWith(META_PREFIX);
    }

    static MVMap<?, ?> open(MVStore store, String name) {
        return name.startsWith(META_PREFIX) ? openMeta(store, name) : openData(store, name);
    }

    String recordedName() {
        String known = name;
        if (known == null) {
            known = getName();
            name = known;
        }
        return known;
    }

    void forgetName() {
        name = null;
    }

    /**
     * H2's compaction moves live entries to new pages through operate with this decision maker: the values stay as
     * they are, and it runs outside the collection's lock, so recording it could write an older value after a newer.
     */
    private static final Class<?> REWRITE;

    static {
        try {
            REWRITE = Class.forName("org.h2.mvstore.MVMap$RewriteDecisionMaker");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public V operate(K key, V value, DecisionMaker<? super V> decisionMaker) {
        V previous = super.operate(key, value, decisionMaker);
        if (decisionMaker.getClass() == REWRITE) {
            return previous;
        }
        if (decisionMaker == DecisionMaker.PUT) {
            Journal.put(this, key, value);
        } else if (decisionMaker == DecisionMaker.REMOVE) {
            if (previous != null) {
                Journal.remove(this, key);
            }
        } else {
            // putIfAbsent, replace, remove(key, value): whatever they decided, the entry as it is now.
            V now = get(key);
            if (now == null) {
                Journal.remove(this, key);
            } else {
                Journal.put(this, key, now);
            }
        }
        return previous;
    }

    @Override
    public void clear() {
        super.clear();
        Journal.clear(this);
    }

    static final class Builder<K, V> extends MVMap.Builder<K, V> {
        @Override
        protected MVMap<K, V> create(Map<String, Object> config) {
            return new JournaledMap<>(config, getKeyType(), getValueType());
        }
    }
}
