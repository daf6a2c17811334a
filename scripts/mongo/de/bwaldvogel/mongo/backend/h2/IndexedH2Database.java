package de.bwaldvogel.mongo.backend.h2;

import java.lang.reflect.Field;
import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryPlanner;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.SortedSecondaryIndex;
import de.bwaldvogel.mongo.backend.SubsetQueryIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * Part of this project's launcher of mongo-java-server: the H2 database with secondary and unique indexes kept in
 * memory and rebuilt from the stored documents when the database opens (SortedSecondaryIndex, DerivedUniqueIndex),
 * unique indexes that serve filters pinning all their keys, and reads planned by QueryPlanner. Only documents
 * (and the library's metadata) are stored in the file, as BSON (BsonDocumentType); documents read are kept
 * decoded in memory up to a budget (CachedH2Collection).
 */
public class IndexedH2Database extends H2Database {

    private static final Field MV_STORE;

    static {
        try {
            MV_STORE = H2Database.class.getDeclaredField("mvStore");
            MV_STORE.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    public IndexedH2Database(String name, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(name, mvStore, cursorRegistry);
    }

    // The parent opens collections from its constructor, before a field of ours could be set.
    private MVStore store() {
        try {
            return (MVStore) MV_STORE.get(this);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        // Documents as BSON (BsonDocumentType), _id keys without Java serialization (DocumentKeyType); both still
        // read what the library's ObjectDataType wrote before.
        // Both maps record their changes in the store's journal (JournaledMap, Journal).
        MVMap<Object, Document> dataMap = JournaledMap.openData(store(), DATABASES_PREFIX + fullName);
        MVMap<String, Object> metaMap = JournaledMap.openMeta(store(), JournaledMap.META_PREFIX + fullName);
        return new PlannedCollection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    // A dropped collection's or database's maps are removed from the store; the journal records that, so a crash
    // before the next checkpoint does not bring back the documents of a collection whose name went.
    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        String fullName = getFullCollectionNamespace(collectionName);
        Journal.mapRemoved(DATABASES_PREFIX + fullName);
        Journal.mapRemoved(JournaledMap.META_PREFIX + fullName);
        super.dropCollection(collectionName, oplog);
    }

    @Override
    public void drop(Oplog oplog) {
        for (String name : store().getMapNames()) {
            if (name.startsWith(DATABASES_PREFIX + databaseName + ".")
                || name.startsWith(JournaledMap.META_PREFIX + databaseName + ".")) {
                Journal.mapRemoved(name);
            }
        }
        super.drop(oplog);
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        super.moveCollection(oldDatabase, collection, newCollectionName);
        // The maps keep their objects under a new name: their next records carry it.
        String newFullName = getFullCollectionNamespace(newCollectionName);
        for (String name : new String[] {DATABASES_PREFIX + newFullName, JournaledMap.META_PREFIX + newFullName}) {
            if (JournaledMap.open(store(), name) instanceof JournaledMap<?, ?> map) {
                map.forgetName();
            }
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys, boolean sparse) {
        // Unique indexes live in memory too (DerivedUniqueIndex); a file written before keeps the library's map
        // of this index, which nothing reads any more: it goes.
        String legacyMap = getFullCollectionNamespace(collection) + "._index_" + index;
        if (store().hasMap(legacyMap)) {
            store().removeMap(legacyMap);
        }
        return new SubsetQueryIndex<>(new DerivedUniqueIndex(index, keys, sparse));
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collection, String index, List<IndexKey> keys, boolean sparse) {
        return new SortedSecondaryIndex<>(index, keys, sparse, "_id");
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        // The parent also removes the index's H2 map; a secondary index has none, which removeMap tolerates.
        super.dropIndex(collection, indexName);
    }

    static final class PlannedCollection extends CachedH2Collection {
        PlannedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> dataMap,
                          MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, name, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fields) {
            return QueryPlanner.query(this, query, orderBy, skip, limit, batchSize, fields);
        }
    }
}
