package de.bwaldvogel.mongo.backend;

import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

/**
 * Part of this project's launcher of mongo-java-server (not the library). The library uses an index
 * only when a filter has exactly the index's keys, so a guarded update such as {_id: x, version: 3}
 * scans the whole collection. Real MongoDB uses the _id index there. This wrapper lets a unique index
 * serve any filter that pins all its keys (top-level fields are ANDed, so the index's candidates are a
 * superset of the matches); the collection still checks every candidate against the full filter.
 * The _id index also keeps its keys in order (the library's unique indexes are hash maps), so a read sorted
 * by _id walks it and stops at its page, as on MongoDB (OrderedPlan).
 */
public class SubsetQueryIndex<P> extends Index<P> {

    private final Index<P> inner;
    private final SortedSecondaryIndex<P> order;

    public SubsetQueryIndex(Index<P> inner) {
        super(inner.getName(), inner.getKeys(), inner.isSparse());
        this.inner = inner;
        boolean id = inner.keySet().equals(java.util.Set.of("_id"));
        this.order = id ? new SortedSecondaryIndex<>(inner.getName(), inner.getKeys(), false, "_id") : null;
    }

    /** The keys in order (the _id index only), or null. */
    SortedSecondaryIndex<P> order() {
        return order;
    }

    private Document restrict(Document query) {
        Set<String> keys = inner.keySet();
        if (!query.keySet().containsAll(keys)) {
            return null;
        }
        Document restricted = new Document();
        for (String key : keys) {
            restricted.put(key, query.get(key));
        }
        return restricted;
    }

    @Override
    public boolean canHandle(Document query) {
        if (inner.canHandle(query)) {
            return true;
        }
        Document restricted = restrict(query);
        return restricted != null && inner.canHandle(restricted);
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        return inner.canHandle(query) ? inner.getPositions(query) : inner.getPositions(restrict(query));
    }

    @Override
    public P getPosition(Document document) { return inner.getPosition(document); }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) { inner.checkAdd(document, collection); }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        inner.add(document, position, collection);
        if (order != null) {
            order.add(document, position, collection);
        }
    }

    @Override
    public P remove(Document document) {
        if (order != null) {
            order.remove(document);
        }
        return inner.remove(document);
    }

    @Override
    public long getCount() { return inner.getCount(); }

    @Override
    public long getDataSize() { return inner.getDataSize(); }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        inner.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
        throws KeyConstraintError {
        inner.updateInPlace(oldDocument, newDocument, position, collection);
        if (order != null) {
            order.updateInPlace(oldDocument, newDocument, position, collection);
        }
    }

    @Override
    public void drop() {
        inner.drop();
        if (order != null) {
            order.drop();
        }
    }

    @Override
    public boolean isUnique() { return inner.isUnique(); }
}
