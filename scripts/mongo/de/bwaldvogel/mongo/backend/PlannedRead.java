package de.bwaldvogel.mongo.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: one read over the documents a plan yields, each checked
 * against the whole filter and counted as examined (the reply's {@code examined}). Documents that come in the
 * sort order stop the read as soon as the page (skip + limit) is complete; otherwise the matches are sorted.
 * A budget bounds how many documents a plan may examine: an ordered walk gives up (null) beyond what the
 * filter's best index would cost, as MongoDB stops a plan that loses the race.
 */
final class PlannedRead {

    private PlannedRead() {
    }

    /** What one read asks for. */
    record Read(Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
    }

    static <P> Iterator<Document> documents(AbstractMongoCollection<P> collection, Iterable<P> positions) {
        Iterator<P> inner = positions.iterator();
        return new Iterator<Document>() {
            public boolean hasNext() {
                return inner.hasNext();
            }

            public Document next() {
                return collection.getDocument(inner.next());
            }
        };
    }

    static <P> Iterator<Document> everything(AbstractMongoCollection<P> collection) {
        return collection.streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument).iterator();
    }

    /** The reply of one read, or null when the budget ran out first. */
    static <P> QueryResult run(AbstractMongoCollection<P> collection, Iterator<Document> documents, Read read,
                               boolean inOrder, long budget) {
        int skip = read.skip();
        int limit = read.limit();
        Document query = read.query();
        Document fields = read.fields();
        Comparator<Document> comparator = inOrder ? null : AbstractMongoCollection.deriveComparator(read.orderBy());
        long wanted = comparator == null && limit > 0 ? (long) skip + limit : Long.MAX_VALUE;
        List<Document> matches = new ArrayList<>();
        long examined = 0;
        while (documents.hasNext() && matches.size() < wanted) {
            Document document = documents.next();
            if (document == null) {
                continue; // removed while the read ran
            }
            if (examined++ >= budget) {
                return null;
            }
            Examined.document();
            if (collection.documentMatchesQuery(document, query)) {
                matches.add(document);
            }
        }
        if (comparator != null) {
            matches.sort(comparator);
        }
        int from = Math.min(skip, matches.size());
        int to = limit > 0 ? (int) Math.min((long) from + limit, matches.size()) : matches.size();
        List<Document> result = matches.subList(from, to);
        if (fields != null && !fields.keySet().isEmpty()) {
            SkippedSlices projection = new SkippedSlices(fields, collection.getIdField());
            List<Document> projected = new ArrayList<>(result.size());
            result.forEach(document -> projected.add(projection.project(document)));
            result = projected;
        } else {
            result = new ArrayList<>(result);
        }
        return collection.createQueryResult(result, read.batchSize());
    }
}
