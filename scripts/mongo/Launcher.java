// Starts mongo-java-server on a loopback port for local mode and tests.
// Usage: java -cp 'lib/*' Launcher.java [--port N] [--storage memory|<h2 file>] [--oplog] [--document-cache-mb N]
//        [--checkpoint-ms N] (how often the H2 file is checkpointed while writes come; 1000)
// Prints one JSON line {"port":N} once listening; exits when stdin closes so it never outlives its parent.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.Commands;
import de.bwaldvogel.mongo.backend.h2.CachedH2Collection;
import de.bwaldvogel.mongo.backend.h2.IndexedH2Database;
import de.bwaldvogel.mongo.backend.h2.Journal;
import de.bwaldvogel.mongo.backend.h2.JournalRecovery;
import de.bwaldvogel.mongo.backend.memory.IndexedMemoryDatabase;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

public class Launcher {

    // Driver 7 refuses wire versions below 9; 13 (MongoDB 5.0) is what the backend's command set matches best.
    static final MongoVersion VERSION = new MongoVersion() {
        public List<Integer> getVersionArray() { return List.of(5, 0, 0); }
        public String toVersionString() { return "5.0.0"; }
        public int getWireVersion() { return 13; }
    };

    static final Set<String> WRITE_COMMANDS = Set.of(
        "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "deleteindexes", "drop", "create",
        "dropdatabase", "renamecollection");

    // Both backends plan reads over all their indexes, non-unique ones included (QueryPlanner), and wrap
    // their unique indexes (including _id) so guarded updates such as {_id, version} use the index as
    // they do on real MongoDB (see SubsetQueryIndex). Both run each command through Commands: a command that
    // changes collections or indexes alone in its database, reads and writes with their examined counters.
    static class IndexedMemoryBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new IndexedMemoryDatabase(name, getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            return Commands.run(this, database, command, query, () -> super.handleCommand(channel, database, command, query));
        }
    }

    // The H2 file store with a write-ahead journal (Journal, JournaledMap), as MongoDB's storage engine has one: a
    // write is answered once the journal holding its changes is forced to disk, and the H2 file is committed and
    // forced at checkpoints, once a second while writes come (and at once past 64 MB of journal), not at every write.
    // Before, every group commit committed and forced the H2 file, and serializing its pages was most of the
    // database's CPU per stored WeCom callback. Opening the file replays the journal segments its last checkpoint
    // does not cover, before any collection or index opens.
    //
    // Group commit: a journal force covers every write applied before it started, so concurrent writers share one
    // fsync instead of queueing one each; a writer's reply still waits for a force that began after its own write was
    // applied (never an acknowledgement before its write is durable). Commands that create or drop collections and
    // indexes are forced the same way: their documents (namespaces, index descriptions) are journaled, and so are the
    // H2 maps a drop removes. Only renameCollection, which renames H2 maps, checkpoints before it is answered.
    //
    // Old chunks are kept for 10 minutes rather than H2's 45 s: a cursor (a long scan, a getMore of a big result)
    // reading an older version while writes commit must not find its chunk overwritten ("Chunk N not found",
    // h2database#4383); the cost is a larger file between compactions. The `durableWrites` command tells how many
    // writes were applied, how many of them a forced journal or checkpoint covers, and the forces and checkpoints
    // (tests/embedded-db/durable-writes.test.ts, tests/embedded-db/journal.test.ts).
    static class DurableH2Backend extends H2Backend {
        static final long CHECKPOINT_BYTES = 64L << 20;

        private final Object commitLock = new Object();
        private final Object checkpointLock = new Object();
        private final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
        private final Journal journal;
        private final java.util.concurrent.ScheduledExecutorService checkpointer;
        private volatile long committed;
        private volatile long syncs;
        private volatile long checkpoints;
        private boolean closed;

        DurableH2Backend(String file, long checkpointMs) {
            super(openStore(file));
            journal = Journal.active();
            // Named so the bench counts it with H2's storage threads (bench/process-cpu.ts).
            checkpointer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "MVStore checkpoint");
                thread.setDaemon(true);
                return thread;
            });
            checkpointer.scheduleWithFixedDelay(this::checkpointIfDirty, checkpointMs, checkpointMs,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        static org.h2.mvstore.MVStore openStore(String file) {
            // H2's page cache now serves writes and the reads CachedH2Collection misses (documents are BSON, cheap to
            // decode again), so it no longer needs to hold most of the data. H2's background thread still commits
            // (without an fsync) and compacts the file; only our checkpoints mark journal segments covered.
            org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(file).cacheSize(128).open();
            store.setRetentionTime(600_000);
            try {
                long replayed = JournalRecovery.recover(store, java.nio.file.Path.of(file));
                if (replayed > 0) {
                    System.err.println("journal: replayed " + replayed + " changes written after the last checkpoint");
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return store;
        }

        void commitCovering(long write) {
            synchronized (commitLock) {
                if (committed >= write) {
                    return;
                }
                long upTo = applied.get();
                try {
                    if (journal.force()) {
                        syncs++;
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                committed = upTo;
            }
            if (journal.segmentBytes() > CHECKPOINT_BYTES) {
                checkpointer.execute(this::checkpointIfDirty);
            }
        }

        /** Commits and forces the H2 file with every change applied so far, then drops the journal it covers. */
        void checkpoint() {
            synchronized (checkpointLock) {
                if (closed) {
                    return;
                }
                try {
                    long covered;
                    synchronized (commitLock) {
                        long upTo = applied.get();
                        covered = journal.rotate();
                        committed = Math.max(committed, upTo);
                    }
                    journal.markCovered(covered);
                    org.h2.mvstore.MVStore store = getMvStore();
                    store.commit();
                    store.sync();
                    journal.covered(covered);
                    checkpoints++;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        void checkpointIfDirty() {
            try {
                if (journal.dirty()) {
                    checkpoint();
                }
            } catch (RuntimeException e) {
                // The journal still holds every acknowledged write; the next checkpoint tries again.
                System.err.println("journal: checkpoint failed: " + e);
            }
        }

        Document durableWrites() {
            return new Document("ok", 1.0).append("applied", applied.get()).append("durable", committed)
                .append("syncs", syncs).append("checkpoints", checkpoints)
                .append("journalBytes", journal.segmentBytes()).append("replayed", Journal.replayedAtOpen());
        }

        @Override
        protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String name) {
            return new IndexedH2Database(name, getMvStore(), getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (command.equalsIgnoreCase("durableWrites")) {
                return durableWrites();
            }
            String name = command.toLowerCase();
            boolean write = WRITE_COMMANDS.contains(name);
            try {
                return Commands.run(this, database, command, query, () -> super.handleCommand(channel, database, command, query));
            } finally {
                if (write) {
                    // Numbered once applied (or failed, which may still have changed something): later forces cover it.
                    long number = applied.incrementAndGet();
                    if (name.equals("renamecollection")) {
                        checkpoint();
                    } else {
                        commitCovering(number);
                    }
                }
            }
        }

        @Override
        public void close() {
            checkpointer.shutdownNow();
            checkpoint();
            synchronized (checkpointLock) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            super.close();
            try {
                journal.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String storage = "memory";
        boolean oplog = false;
        long checkpointMs = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--storage" -> storage = args[++i];
                case "--oplog" -> oplog = true;
                case "--checkpoint-ms" -> checkpointMs = Long.parseLong(args[++i]);
                case "--document-cache-mb" -> CachedH2Collection.setBudgetMegabytes(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        MongoBackend backend = storage.equals("memory") ? new IndexedMemoryBackend() : new DurableH2Backend(storage, checkpointMs);
        backend.version(VERSION);
        MongoServer server = new MongoServer(backend);
        if (oplog) {
            server.enableOplog();
        }
        server.bind(new InetSocketAddress("127.0.0.1", port));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        System.out.println("{\"port\":" + server.getLocalAddress().getPort() + "}");
        System.out.flush();
        // Block until the parent closes our stdin (normal exit or crash), then shut down cleanly.
        while (System.in.read() != -1) {
            // ignore input
        }
        server.shutdown();
        System.exit(0);
    }
}
