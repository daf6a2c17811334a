package de.bwaldvogel.mongo.backend;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Part of this project's launcher of mongo-java-server: how both backends (memory and H2) run one command.
 *
 * - Commands that change what a database holds besides documents (create or drop a collection, its indexes, the
 *   database; rename a collection) run alone in their database; every other command of it runs beside the others.
 *   The library changes a collection's index list and builds a new index without the lock its document writes take,
 *   so an insert running beside a createIndexes failed (a ConcurrentModificationException answered as "Unknown error:
 *   null") or left its document out of the new index, and a dropDatabase beside a createIndexes failed ("Expected
 *   [...] to be empty"). As on MongoDB, whose index builds and drops take the collection's or database's exclusive
 *   lock, such a command waits for the commands in flight and the next ones wait for it.
 * - Reads and writes carry what they examined in their reply (Examined), and a countDocuments that an index answers
 *   alone is counted from it (CoveredCount).
 */
public final class Commands {

    // Commands that change a database's collections or indexes (lower case, as command names are matched).
    private static final Set<String> SCHEMA_COMMANDS = Set.of(
        "create", "createindexes", "dropindexes", "deleteindexes", "drop", "dropdatabase", "renamecollection");

    // Commands whose reply carries what they examined (documents, index keys, plans; see Examined).
    private static final Set<String> READ_AND_WRITE_COMMANDS = Set.of(
        "find", "aggregate", "count", "distinct", "update", "delete", "findandmodify", "insert", "getmore");

    private static final Map<String, ReentrantReadWriteLock> LOCKS = new ConcurrentHashMap<>();

    private Commands() {
    }

    /** Runs one command: `library` is the backend's own handling of it. */
    public static Document run(MongoBackend backend, String database, String command, Document query,
                               Supplier<Document> library) {
        String name = command.toLowerCase();
        if (name.equals("queryshapes")) {
            return Examined.shapes(Boolean.TRUE.equals(query.get("reset")));
        }
        List<Lock> locks = locks(database, name, query);
        locks.forEach(Lock::lock);
        try {
            return READ_AND_WRITE_COMMANDS.contains(name) ? counted(backend, database, name, query, library) : library.get();
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
    }

    // The exclusive locks of the databases a schema command changes (in name order), else its database's shared one.
    private static List<Lock> locks(String database, String name, Document query) {
        if (!SCHEMA_COMMANDS.contains(name)) {
            return List.of(lockOf(database).readLock());
        }
        Set<String> changed = new TreeSet<>();
        if (name.equals("renamecollection")) {
            // {renameCollection: "db.from", to: "db.to"}, sent to the admin database
            changed.add(databaseOf(query.get("renameCollection")));
            changed.add(databaseOf(query.get("to")));
        } else {
            changed.add(database);
        }
        return changed.stream().map(changedDatabase -> (Lock) lockOf(changedDatabase).writeLock()).toList();
    }

    private static String databaseOf(Object namespace) {
        String text = String.valueOf(namespace);
        int dot = text.indexOf('.');
        return dot < 0 ? text : text.substring(0, dot);
    }

    private static ReentrantReadWriteLock lockOf(String database) {
        return LOCKS.computeIfAbsent(database, name -> new ReentrantReadWriteLock());
    }

    private static Document counted(MongoBackend backend, String database, String name, Document query,
                                    Supplier<Document> library) {
        Examined.begin();
        try {
            Document result = null;
            if (name.equals("aggregate") && query.get("pipeline") instanceof List<?> pipeline && !pipeline.isEmpty()
                && pipeline.get(0) instanceof Document first && first.get("$match") instanceof Document match) {
                Examined.pendingMatch(String.valueOf(query.get("aggregate")), match);
                result = coveredCount(backend, database, query);
            }
            if (result == null) {
                result = library.get();
            }
            if (result != null) {
                result.put("examined", Examined.end());
            }
            return result;
        } finally {
            Examined.end();
        }
    }

    // A countDocuments served by an index alone when its filter pins index keys exactly (CoveredCount), or null.
    private static Document coveredCount(MongoBackend backend, String database, Document query) {
        if (database.equals("admin")) {
            return null;
        }
        MongoDatabase resolved = backend.resolveDatabase(database);
        return resolved instanceof AbstractMongoDatabase<?> indexed ? CoveredCount.aggregate(indexed, query) : null;
    }
}
