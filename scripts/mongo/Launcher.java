// Starts mongo-java-server on a loopback port for local mode and tests.
// Usage: java -cp 'lib/*' Launcher.java [--port N] [--storage memory|<h2 file>] [--oplog] [--document-cache-mb N]
// Prints one JSON line {"port":N} once listening; exits when stdin closes so it never outlives its parent.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.Commands;
import de.bwaldvogel.mongo.backend.h2.CachedH2Collection;
import de.bwaldvogel.mongo.backend.h2.IndexedH2Database;
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

    // Commits the MVStore after every write so an acknowledged write survives a crash of this process.
    // Old chunks are kept for 10 minutes rather than H2's 45 s: a cursor (a long scan, a getMore of a
    // big result) reading an older version while writes commit must not find its chunk overwritten
    // ("Chunk N not found", h2database#4383); the cost is a larger file between compactions.
    //
    // Group commit: a commit covers every write applied before it started, so concurrent writers share one
    // commit instead of queueing one each; a writer's reply still waits for a commit that began after its own
    // write was applied (never an acknowledgement before its write is durable).
    //
    // Durable means on the disk, not in the kernel's page cache: H2's commit writes the chunk but never forces the
    // file, so an acknowledged write survived this process being killed, not the machine losing power (and with no
    // MONGODB_URI this file is the production store). Each group commit now forces the file (MVStore.sync, one
    // fsync) before any writer it covers is answered. The `durableWrites` command tells how many writes were
    // applied and how many of them a forced commit covers (tests/embedded-db/durable-writes.test.ts).
    static class DurableH2Backend extends H2Backend {
        private final Object commitLock = new Object();
        private final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
        private volatile long committed;
        private volatile long syncs;
        // The store's version the last fsync covered: H2's own background commits (autoCommitDelay) write without one.
        private long syncedVersion = -1;

        DurableH2Backend(String file) {
            super(openStore(file));
            getMvStore().setRetentionTime(600_000);
        }

        static org.h2.mvstore.MVStore openStore(String file) {
            // H2's page cache now serves writes and the reads CachedH2Collection misses (documents are BSON, cheap to
            // decode again), so it no longer needs to hold most of the data.
            return new org.h2.mvstore.MVStore.Builder().fileName(file).cacheSize(128).open();
        }

        void commitCovering(long write) {
            synchronized (commitLock) {
                if (committed >= write) {
                    return;
                }
                long upTo = applied.get();
                org.h2.mvstore.MVStore store = getMvStore();
                store.commit();
                long version = store.getCurrentVersion();
                if (version != syncedVersion) {
                    store.sync();
                    syncedVersion = version;
                    syncs++;
                }
                committed = upTo;
            }
        }

        Document durableWrites() {
            return new Document("ok", 1.0).append("applied", applied.get()).append("durable", committed)
                .append("syncs", syncs);
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
            boolean write = WRITE_COMMANDS.contains(command.toLowerCase());
            try {
                return Commands.run(this, database, command, query, () -> super.handleCommand(channel, database, command, query));
            } finally {
                if (write) {
                    // Numbered once applied (or failed, which may still have changed something): later commits cover it.
                    commitCovering(applied.incrementAndGet());
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String storage = "memory";
        boolean oplog = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--storage" -> storage = args[++i];
                case "--oplog" -> oplog = true;
                case "--document-cache-mb" -> CachedH2Collection.setBudgetMegabytes(Long.parseLong(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        MongoBackend backend = storage.equals("memory") ? new IndexedMemoryBackend() : new DurableH2Backend(storage);
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
