package de.bwaldvogel.mongo.backend.memory;

import java.util.List;

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

/**
 * Part of this project's launcher of mongo-java-server: the in-memory database (tests) with secondary indexes,
 * unique indexes that serve filters pinning all their keys, and reads planned by QueryPlanner.
 */
public class IndexedMemoryDatabase extends MemoryDatabase {

    public IndexedMemoryDatabase(String name, CursorRegistry cursorRegistry) {
        super(name, cursorRegistry);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
        return new PlannedCollection(this, collectionName, options, cursorRegistry);
    }

    @Override
    protected Index<Integer> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys, boolean sparse) {
        return new SubsetQueryIndex<>(super.openOrCreateUniqueIndex(collection, index, keys, sparse));
    }

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(String collection, String index, List<IndexKey> keys, boolean sparse) {
        return new SortedSecondaryIndex<>(index, keys, sparse, "_id");
    }

    static final class PlannedCollection extends MemoryCollection {
        PlannedCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursorRegistry) {
            super(database, name, options, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fields) {
            return QueryPlanner.query(this, query, orderBy, skip, limit, batchSize, fields);
        }
    }
}
