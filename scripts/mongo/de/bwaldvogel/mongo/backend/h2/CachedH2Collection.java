package de.bwaldvogel.mongo.backend.h2;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: the H2 collection with its documents by position (_id) in
 * a hash map in front of the H2 map. Reading a document from the H2 map walks its B-tree (key comparisons in each
 * page, the page cache's bookkeeping, pages decoded again after eviction; ~19% of the database's CPU while WeCom
 * events are processed): measured ~6 µs per lookup among 200,000 customers, where a hit here costs ~0.4 µs. The map holds the same document objects the H2 map was given or decoded (no copies), is filled
 * by reads and writes, updated by every write to the H2 map, and bounded by a budget shared by all collections
 * (estimated heap bytes; --document-cache-mb): over it, a collection lets go of its entries in turn.
 *
 * Every method of the library's collection that reads or writes runs synchronized on the collection, so a write
 * never interleaves with a read filling this map; the one fill that may run outside takes the same lock.
 *
 * Positions: the library keys a collection's H2 map by the documents' _id, so documents with unrelated _ids (a
 * WeCom event's key, a hash) land on random pages of the B-tree and every commit rewrites one page per document
 * written, with the documents on it and the inner pages above it: measured ~9 KB of file and 0.08 ms of the H2
 * serialization thread's CPU per 1 KB event inserted. A collection created by this launcher keys its map by a
 * sequence number instead (the position of a document: 1, 2, 3 … in insertion order, never reused), so inserts
 * append to the last page. Nothing needs the _id order of the map: a document is found by _id through the _id
 * index (DerivedUniqueIndex, in memory and rebuilt from the stored documents when the database opens, like every
 * index here), and every read and write of the library goes through positions. A collection a file holds from
 * before (keyed by _id, without the meta entry POSITIONS) stays keyed by _id. An unindexed read returns documents
 * in insertion order, as the memory backend and MongoDB do.
 */
public class CachedH2Collection extends H2Collection {

    /** Estimated heap bytes of the cached documents of every collection, and the budget they share. */
    static final AtomicLong CACHED_BYTES = new AtomicLong();
    private static volatile long budgetBytes = defaultBudget();

    /**
     * 1.5 GB (200,000 customers estimate ~1.1 GB), or 40% of the JVM's heap when that is less (the JVM's default
     * heap is a quarter of the machine's memory, so 200,000 customers stay cached from 16 GB of memory up).
     */
    static long defaultBudget() {
        return Math.min(1536L << 20, Runtime.getRuntime().maxMemory() * 4 / 10);
    }

    /** The launcher's --document-cache-mb; 0 turns the cache off. */
    public static void setBudgetMegabytes(long megabytes) {
        budgetBytes = megabytes << 20;
    }

    /** The meta entry of a collection keyed by sequence numbers. */
    static final String POSITIONS = "positions";
    static final String SEQUENCE = "sequence";

    private final MVMap<Object, Document> dataMap;
    /** The next position of a collection keyed by sequence numbers; null for one keyed by _id. */
    private final AtomicLong nextPosition;

    private final Map<Object, Entry> cache = new ConcurrentHashMap<>();
    private Iterator<Map.Entry<Object, Entry>> evictor;

    private record Entry(Document document, long bytes) {
    }

    CachedH2Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> dataMap,
                       MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, name, options, dataMap, metaMap, cursorRegistry);
        this.dataMap = dataMap;
        this.nextPosition = sequencePositions(dataMap, metaMap);
    }

    /** A new (or empty) collection is keyed by sequence numbers from now on; one keyed by _id stays so. */
    private static AtomicLong sequencePositions(MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap) {
        if (!SEQUENCE.equals(metaMap.get(POSITIONS))) {
            if (!dataMap.isEmpty()) {
                return null;
            }
            metaMap.put(POSITIONS, SEQUENCE);
        }
        long last = 0;
        Object lastKey = dataMap.lastKey();
        if (lastKey instanceof Long position) {
            last = position;
        } else if (lastKey != null) {
            // Keys other than ours (written by a launcher that keyed by _id, after this one): the largest of ours.
            for (Object key : dataMap.keySet()) {
                if (key instanceof Long position) {
                    last = Math.max(last, position);
                }
            }
        }
        return new AtomicLong(last + 1);
    }

    /** Whether documents are stored under sequence numbers (else under their _id). */
    boolean keyedBySequence() {
        return nextPosition != null;
    }

    @Override
    protected Document getDocument(Object position) {
        Entry hit = cache.get(Missing.ofNullable(position));
        if (hit != null) {
            return hit.document();
        }
        synchronized (this) {
            Document stored = super.getDocument(position);
            if (stored != null) {
                remember(position, stored);
            }
            return stored;
        }
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object position = nextPosition == null ? super.addDocumentInternal(document) : append(document);
        remember(position, document);
        return position;
    }

    private Long append(Document document) {
        Long position = nextPosition.getAndIncrement();
        Document previous = dataMap.putIfAbsent(position, document);
        if (previous != null) {
            throw new IllegalStateException("position " + position + " already holds a document in " + this);
        }
        return position;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        remember(position, newDocument);
    }

    @Override
    protected void removeDocument(Object position) {
        forget(Missing.ofNullable(position));
        super.removeDocument(position);
    }

    @Override
    public void drop() {
        synchronized (this) {
            cache.keySet().forEach(this::forget);
        }
        super.drop();
    }

    private void remember(Object position, Document document) {
        if (budgetBytes == 0) {
            return;
        }
        long bytes = BsonDocumentType.heapEstimate(document);
        Entry previous = cache.put(Missing.ofNullable(position), new Entry(document, bytes));
        long total = CACHED_BYTES.addAndGet(bytes - (previous == null ? 0 : previous.bytes()));
        if (total > budgetBytes) {
            shrink();
        }
    }

    private void forget(Object key) {
        Entry removed = cache.remove(key);
        if (removed != null) {
            CACHED_BYTES.addAndGet(-removed.bytes());
        }
    }

    /** Lets go of this collection's entries in turn (continuing where the last shrink stopped) until under budget. */
    private synchronized void shrink() {
        int passes = 0;
        while (CACHED_BYTES.get() > budgetBytes * 9 / 10 && !cache.isEmpty() && passes < 2) {
            if (evictor == null || !evictor.hasNext()) {
                evictor = cache.entrySet().iterator();
                passes++;
                continue;
            }
            Map.Entry<Object, Entry> next = evictor.next();
            if (cache.remove(next.getKey(), next.getValue())) {
                CACHED_BYTES.addAndGet(-next.getValue().bytes());
            }
        }
    }
}
