// Starts mongo-java-server on a loopback port for local mode and tests.
// Usage: java -cp 'lib/*' Launcher.java [--port N] [--storage memory|<h2 file>] [--oplog]
// Prints one JSON line {"port":N} once listening; exits when stdin closes so it never outlives its parent.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.SubsetQueryIndex;
import de.bwaldvogel.mongo.backend.h2.H2Database;
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
        "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop", "create", "dropdatabase");

    // Both backends wrap their unique indexes (including _id) so guarded updates such as
    // {_id, version} use the index as they do on real MongoDB (see SubsetQueryIndex).
    static class IndexedMemoryBackend extends MemoryBackend {
        @Override
        public MemoryDatabase openOrCreateDatabase(String name) {
            return new MemoryDatabase(name, getCursorRegistry()) {
                @Override
                protected Index<Integer> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys, boolean sparse) {
                    return new SubsetQueryIndex<>(super.openOrCreateUniqueIndex(collection, index, keys, sparse));
                }
            };
        }
    }

    // Commits the MVStore after every write so an acknowledged write survives a crash of this process.
    // Old chunks are kept for 10 minutes rather than H2's 45 s: a cursor (a long scan, a getMore of a
    // big result) reading an older version while writes commit must not find its chunk overwritten
    // ("Chunk N not found", h2database#4383); the cost is a larger file between compactions.
    static class DurableH2Backend extends H2Backend {
        DurableH2Backend(String file) {
            super(file);
            getMvStore().setRetentionTime(600_000);
        }

        @Override
        protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String name) {
            return new H2Database(name, getMvStore(), getCursorRegistry()) {
                @Override
                protected Index<Object> openOrCreateUniqueIndex(String collection, String index, List<IndexKey> keys, boolean sparse) {
                    return new SubsetQueryIndex<>(super.openOrCreateUniqueIndex(collection, index, keys, sparse));
                }
            };
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            Document result = super.handleCommand(channel, database, command, query);
            if (WRITE_COMMANDS.contains(command.toLowerCase())) {
                commit();
            }
            return result;
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
