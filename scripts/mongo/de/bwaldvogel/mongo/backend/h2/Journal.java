package de.bwaldvogel.mongo.backend.h2;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;

/**
 * Part of this project's launcher of mongo-java-server: the write-ahead journal of the H2 file store, as MongoDB's
 * own storage engine has one. Every change of a collection's maps (JournaledMap) is appended here as the entry's new
 * value; a write is answered once the journal holding it is forced to disk (one write and one fsync per group commit,
 * Launcher.DurableH2Backend), and the H2 file itself is committed and forced only at checkpoints, about once a second,
 * instead of at every group commit (whose page serialization was most of the database's CPU per stored callback).
 *
 * The journal is a run of segment files beside the H2 file ("<file>.journal.<n>"). A checkpoint closes the current
 * segment (forced) and opens the next, commits and forces the H2 file with the number of the closed segment in it
 * ("covered"), then deletes the segments it covers: every change recorded in them was made before the commit began.
 * Opening the store replays (JournalRecovery), in order, every segment after the covered one onto the H2 maps, before
 * any collection or index is opened (indexes are rebuilt from the documents as always). A record is
 * [length][CRC-32C][body]; the body is the operation, the map's name, the key and the value in the map's own types.
 * Replaying a record already in the H2 file writes the same value again. A segment ends at its first record that is
 * cut short or fails its checksum (a write torn by a crash: never acknowledged, since its fsync did not return).
 */
public final class Journal {

    static final byte PUT = 1;
    static final byte REMOVE = 2;
    static final byte CLEAR = 3;
    static final byte REMOVE_MAP = 4;
    static final String CHECKPOINTS = "journal.checkpoints";
    static final String COVERED = "covered";
    private static final ThreadLocal<WriteBuffer> SCRATCH = ThreadLocal.withInitial(() -> new WriteBuffer(4096));
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    /** The open store's journal; null while a store replays (and with memory storage). One file store per process. */
    private static volatile Journal active;
    private static volatile long replayedAtOpen;

    private final Path base;
    private final MVMap<String, Long> checkpoints;
    /** Records not yet written to the segment (guarded by this). */
    private final WriteBuffer pending = new WriteBuffer(1 << 16);
    private boolean dirty;
    /** Why a write or force of the journal failed; from then on none is acknowledged (guarded by this). */
    private Throwable failed;
    /** The current segment, its channel and bytes (guarded by the caller's lock: forces and rotations take turns). */
    private long segment;
    private FileChannel channel;
    private long segmentBytes;

    private Journal(Path base, MVMap<String, Long> checkpoints, long segment) throws IOException {
        this.base = base;
        this.checkpoints = checkpoints;
        this.segment = segment;
        this.channel = create(segmentFile(segment));
    }

    public static Journal active() {
        return active;
    }

    /** How many records the store's opening replayed (those written after its last checkpoint). */
    public static long replayedAtOpen() {
        return replayedAtOpen;
    }

    static void put(JournaledMap<?, ?> map, Object key, Object value) {
        Journal journal = active;
        if (journal != null) {
            journal.append(PUT, map, map.recordedName(), key, value);
        }
    }

    static void remove(JournaledMap<?, ?> map, Object key) {
        Journal journal = active;
        if (journal != null) {
            journal.append(REMOVE, map, map.recordedName(), key, null);
        }
    }

    static void clear(JournaledMap<?, ?> map) {
        Journal journal = active;
        if (journal != null) {
            journal.append(CLEAR, map, map.recordedName(), null, null);
        }
    }

    /** A map the store is about to remove (a dropped collection or database): replay removes it too. */
    static void mapRemoved(String name) {
        Journal journal = active;
        if (journal != null && JournaledMap.journaled(name)) {
            journal.append(REMOVE_MAP, null, name, null, null);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void append(byte op, MVMap map, String name, Object key, Object value) {
        if (name == null) {
            return; // a map already removed from the store
        }
        WriteBuffer body = SCRATCH.get().clear();
        byte[] nameBytes = name.getBytes(UTF_8);
        body.put(op).putVarInt(nameBytes.length).put(nameBytes);
        if (op == PUT || op == REMOVE) {
            map.getKeyType().write(body, key);
        }
        if (op == PUT) {
            map.getValueType().write(body, value);
        }
        int length = body.position();
        byte[] bytes = body.getBuffer().array();
        CRC32C crc = CRC.get();
        crc.reset();
        crc.update(bytes, 0, length);
        synchronized (this) {
            pending.putInt(length).putInt((int) crc.getValue()).put(bytes, 0, length);
            dirty = true;
        }
    }

    /**
     * Writes the records appended so far to the current segment and forces it; false when there was none. A write or
     * force that fails leaves the segment's tail unknown (the kernel may have dropped the pages it could not write),
     * so every later force fails too and no write is acknowledged again until the server restarts and replays what
     * the journal holds — PostgreSQL's answer to a failed fsync, for the same reason.
     */
    public boolean force() throws IOException {
        return force(false);
    }

    private boolean force(boolean rotating) throws IOException {
        byte[] out;
        synchronized (this) {
            if (failed != null) {
                throw new IOException("the journal could not be written before; restart the database", failed);
            }
            if (rotating) {
                dirty = false;
            }
            if (pending.position() == 0) {
                return false;
            }
            out = Arrays.copyOf(pending.getBuffer().array(), pending.position());
            pending.clear();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(out);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failed = e;
            }
            throw e;
        }
        segmentBytes += out.length;
        return true;
    }

    public synchronized boolean dirty() {
        return dirty;
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    /** Closes the current segment (forced) and opens the next; answers the closed one's number. */
    public long rotate() throws IOException {
        // Records appended after this force go to the next segment, and mark the journal dirty again.
        force(true);
        channel.close();
        long closed = segment;
        segment++;
        channel = create(segmentFile(segment));
        segmentBytes = 0;
        return closed;
    }

    /** Deletes a closed segment once a checkpoint forced the H2 file holding every change recorded in it. */
    public void covered(long closed) throws IOException {
        Files.deleteIfExists(segmentFile(closed));
    }

    /** Records, before the H2 commit that follows, that the file holds the changes of segments through `covered`. */
    public void markCovered(long covered) {
        checkpoints.put(COVERED, covered);
    }

    public void close() throws IOException {
        channel.close();
        active = null;
    }

    private Path segmentFile(long n) {
        return segmentFile(base, n);
    }

    static Path segmentFile(Path base, long n) {
        return base.resolveSibling(base.getFileName() + ".journal." + n);
    }

    private static FileChannel create(Path file) throws IOException {
        // Only this user may read it, like the H2 file beside it (models/shared/db/private-files.ts).
        FileChannel created = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        // The new file's name must survive a power loss too, before any write recorded in it is answered.
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        return created;
    }

    /** The segment numbers beside the file, ascending. */
    static List<Long> segments(Path base) throws IOException {
        String prefix = base.getFileName() + ".journal.";
        List<Long> found = new ArrayList<>();
        try (var files = Files.list(base.toAbsolutePath().getParent())) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix)).forEach(n -> {
                try {
                    found.add(Long.parseLong(n.substring(prefix.length())));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            });
        }
        found.sort(null);
        return found;
    }

    /** Makes the journal opened after a replay the one this store's changes go to. */
    static void activate(Journal journal, long replayed) {
        active = journal;
        replayedAtOpen = replayed;
    }

    static Journal open(Path base, MVMap<String, Long> checkpoints, long segment) throws IOException {
        return new Journal(base, checkpoints, segment);
    }
}
