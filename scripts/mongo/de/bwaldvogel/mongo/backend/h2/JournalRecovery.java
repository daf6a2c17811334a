package de.bwaldvogel.mongo.backend.h2;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Part of this project's launcher of mongo-java-server: opening the H2 file store with its journal (Journal). The
 * segments after the file's last checkpoint are replayed, in order, onto the store's maps before any collection or
 * index opens; then a checkpoint covers them and a new segment takes the store's changes from now on.
 */
public final class JournalRecovery {

    private JournalRecovery() {
    }

    /**
     * Replays the segments the H2 file does not cover onto the store's maps, checkpoints, and opens the journal that
     * records the store's changes from now on. Answers how many records were replayed.
     */
    public static long recover(MVStore store, Path base) throws IOException {
        Journal.activate(null, 0);
        MVMap<String, Long> checkpoints = store.openMap(Journal.CHECKPOINTS);
        long covered = checkpoints.getOrDefault(Journal.COVERED, -1L);
        long last = covered;
        long replayed = 0;
        List<Long> segments = Journal.segments(base);
        for (long n : segments) {
            if (n > covered) {
                replayed += replay(store, Journal.segmentFile(base, n));
            }
            last = Math.max(last, n);
        }
        checkpoints.put(Journal.COVERED, last);
        store.commit();
        store.sync();
        Journal journal = Journal.open(base, checkpoints, last + 1);
        for (long n : segments) {
            Files.deleteIfExists(Journal.segmentFile(base, n));
        }
        Journal.activate(journal, replayed);
        return replayed;
    }

    private static long replay(MVStore store, Path file) throws IOException {
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (NoSuchFileException gone) {
            return 0;
        }
        long records = 0;
        CRC32C crc = new CRC32C();
        while (in.remaining() >= 8) {
            int length = in.getInt();
            int checksum = in.getInt();
            if (length <= 0 || length > in.remaining()) {
                break;
            }
            crc.reset();
            crc.update(in.array(), in.position(), length);
            if ((int) crc.getValue() != checksum) {
                break;
            }
            ByteBuffer body = in.slice(in.position(), length);
            in.position(in.position() + length);
            apply(store, body);
            records++;
        }
        return records;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void apply(MVStore store, ByteBuffer body) {
        byte op = body.get();
        byte[] name = new byte[DataUtils.readVarInt(body)];
        body.get(name);
        String mapName = new String(name, UTF_8);
        if (op == Journal.REMOVE_MAP) {
            if (store.hasMap(mapName)) {
                store.removeMap(mapName);
            }
            return;
        }
        MVMap map = JournaledMap.open(store, mapName);
        switch (op) {
            case Journal.PUT -> map.put(map.getKeyType().read(body), map.getValueType().read(body));
            case Journal.REMOVE -> map.remove(map.getKeyType().read(body));
            case Journal.CLEAR -> map.clear();
            default -> throw new IllegalStateException("unknown journal record " + op + " for " + mapName);
        }
    }
}
