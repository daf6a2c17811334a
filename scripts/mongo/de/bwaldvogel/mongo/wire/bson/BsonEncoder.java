/*
 * Part of this project's launcher of mongo-java-server: a copy of the library's BsonEncoder (mongo-java-server 1.47.0,
 * BSD-3-Clause, Benedikt Waldvogel) that takes its place on the class path (scripts/mongo/ comes before the jars).
 * It writes exactly the same bytes; it only does less per value, since it encodes every reply and every document
 * H2 stores (BsonDocumentType):
 * - a document's fields are read in one pass over its entries (the library looked each key up again);
 * - field names are UTF-8-encoded once and kept (a bounded table: names are a small vocabulary; a name beyond it
 *   is encoded as before), array indexes "0".."1023" likewise;
 * - an array is written directly (the library copied it into a new Document keyed "0", "1", ... first).
 * Keep it in step with the library's BsonEncoder when the library's version changes (scripts/mongo/pom.xml).
 */
package de.bwaldvogel.mongo.wire.bson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import io.netty.buffer.ByteBuf;

public class BsonEncoder {

    // Field names as C strings (UTF-8 and the terminating 0), up to this many names of up to MAX_NAME chars.
    private static final int MAX_NAMES = 8192;
    private static final int MAX_NAME = 64;
    private static final ConcurrentHashMap<String, byte[]> NAMES = new ConcurrentHashMap<>();
    private static final byte[][] INDEXES = new byte[1024][];

    static {
        for (int i = 0; i < INDEXES.length; i++) {
            INDEXES[i] = cString(String.valueOf(i));
        }
    }

    private BsonEncoder() {
    }

    private static byte[] cString(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        terminated[bytes.length] = BsonConstants.STRING_TERMINATION;
        return terminated;
    }

    private static byte[] name(String key) {
        byte[] known = NAMES.get(key);
        if (known != null) {
            return known;
        }
        byte[] bytes = cString(key);
        if (key.length() <= MAX_NAME && NAMES.size() < MAX_NAMES) {
            NAMES.putIfAbsent(key, bytes);
        }
        return bytes;
    }

    public static void encodeDocument(Map<String, ?> document, ByteBuf out) {
        int start = beginDocument(out);
        for (Map.Entry<String, ?> entry : document.entrySet()) {
            encodeElement(name(entry.getKey()), entry.getValue(), out);
        }
        endDocument(start, out);
    }

    // A document's (or an array's) total length comes first: written as 0, then set once its end is known.
    private static int beginDocument(ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0);
        return start;
    }

    private static void endDocument(int start, ByteBuf out) {
        out.writeByte(BsonConstants.TERMINATING_BYTE);
        int end = out.writerIndex();
        out.writerIndex(start);
        out.writeIntLE(end - start);
        out.writerIndex(end);
    }

    // One element: its type, its name (a C string's bytes), its value.
    private static void encodeElement(byte[] name, Object value, ByteBuf out) {
        byte type = determineType(value);
        out.writeByte(type);
        out.writeBytes(name);
        encodeValue(type, value, out);
    }

    private static void encodeCString(String data, ByteBuf buffer) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        buffer.writeBytes(bytes);
        buffer.writeByte(BsonConstants.STRING_TERMINATION);
    }

    private static void encodeString(String data, ByteBuf buffer) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        buffer.writeIntLE(bytes.length + 1);
        buffer.writeBytes(bytes);
        buffer.writeByte(BsonConstants.STRING_TERMINATION);
    }

    public static void encodeValue(byte type, Object value, ByteBuf buffer) {
        switch (type) {
            case BsonConstants.TYPE_DOUBLE:
                buffer.writeLongLE(Double.doubleToRawLongBits(((Double) value).doubleValue()));
                break;
            case BsonConstants.TYPE_UTF8_STRING:
                encodeString(value.toString(), buffer);
                break;
            case BsonConstants.TYPE_EMBEDDED_DOCUMENT:
                @SuppressWarnings("unchecked")
                Map<String, ?> valueAsMap = (Map<String, ?>) value;
                encodeDocument(valueAsMap, buffer);
                break;
            case BsonConstants.TYPE_ARRAY:
                encodeArray(collectionToList(value), buffer);
                break;
            case BsonConstants.TYPE_DATA:
                if (value instanceof BinData) {
                    byte[] data = ((BinData) value).getData();
                    buffer.writeIntLE(data.length);
                    buffer.writeByte(BsonConstants.BINARY_SUBTYPE_GENERIC);
                    buffer.writeBytes(data);
                } else if (value instanceof UUID || value instanceof LegacyUUID) {
                    buffer.writeIntLE(BsonConstants.LENGTH_UUID);

                    final UUID uuid;
                    if (value instanceof LegacyUUID) {
                        buffer.writeByte(BsonConstants.BINARY_SUBTYPE_OLD_UUID);
                        uuid = ((LegacyUUID) value).getUuid();
                        buffer.writeLongLE(uuid.getMostSignificantBits());
                        buffer.writeLongLE(uuid.getLeastSignificantBits());
                    } else {
                        buffer.writeByte(BsonConstants.BINARY_SUBTYPE_UUID);
                        uuid = (UUID) value;
                        buffer.writeLong(uuid.getMostSignificantBits());
                        buffer.writeLong(uuid.getLeastSignificantBits());
                    }
                } else {
                    throw new IllegalArgumentException("Unknown data: " + value.getClass());
                }
                break;
            case BsonConstants.TYPE_OBJECT_ID:
                byte[] bytes = ((ObjectId) value).toByteArray();
                if (bytes.length != BsonConstants.LENGTH_OBJECTID) {
                    throw new IllegalArgumentException("Illegal ObjectId: " + value);
                }
                buffer.writeBytes(bytes);
                break;
            case BsonConstants.TYPE_BOOLEAN:
                if (((Boolean) value).booleanValue()) {
                    buffer.writeByte(BsonConstants.BOOLEAN_VALUE_TRUE);
                } else {
                    buffer.writeByte(BsonConstants.BOOLEAN_VALUE_FALSE);
                }
                break;
            case BsonConstants.TYPE_UTC_DATETIME:
                Instant instant = (Instant) value;
                buffer.writeLongLE(instant.toEpochMilli());
                break;
            case BsonConstants.TYPE_REGEX:
                BsonRegularExpression pattern = (BsonRegularExpression) value;
                encodeCString(pattern.getPattern(), buffer);
                encodeCString(pattern.getOptions(), buffer);
                break;
            case BsonConstants.TYPE_INT32:
                buffer.writeIntLE(((Integer) value).intValue());
                break;
            case BsonConstants.TYPE_TIMESTAMP:
                BsonTimestamp timestamp = (BsonTimestamp) value;
                buffer.writeLongLE(timestamp.getValue());
                break;
            case BsonConstants.TYPE_INT64:
                buffer.writeLongLE(((Long) value).longValue());
                break;
            case BsonConstants.TYPE_DECIMAL128:
                Decimal128 decimal128 = (Decimal128) value;
                buffer.writeLongLE(decimal128.getLow());
                buffer.writeLongLE(decimal128.getHigh());
                break;
            case BsonConstants.TYPE_MAX_KEY:
            case BsonConstants.TYPE_MIN_KEY:
            case BsonConstants.TYPE_UNDEFINED:
            case BsonConstants.TYPE_NULL:
                // empty
                break;
            case BsonConstants.TYPE_JAVASCRIPT_CODE:
                BsonJavaScript javaScript = (BsonJavaScript) value;
                encodeString(javaScript.getCode(), buffer);
                break;
            case BsonConstants.TYPE_JAVASCRIPT_CODE_WITH_SCOPE:
                throw new IllegalArgumentException("unhandled type: " + value.getClass());
            default:
                throw new IllegalArgumentException("unknown type: " + value.getClass());
        }
    }

    // An array as the document {"0": first, "1": second, ...}, as the library wrote it through a Document.
    private static void encodeArray(List<?> array, ByteBuf out) {
        int start = beginDocument(out);
        for (int i = 0; i < array.size(); i++) {
            encodeElement(i < INDEXES.length ? INDEXES[i] : cString(String.valueOf(i)), array.get(i), out);
        }
        endDocument(start, out);
    }

    public static byte determineType(Object value) {
        if (value == null) {
            return BsonConstants.TYPE_NULL;
        } else if (value instanceof Map) {
            return BsonConstants.TYPE_EMBEDDED_DOCUMENT;
        } else if (value instanceof ObjectId) {
            return BsonConstants.TYPE_OBJECT_ID;
        } else if (value instanceof Integer) {
            return BsonConstants.TYPE_INT32;
        } else if (value instanceof Long) {
            return BsonConstants.TYPE_INT64;
        } else if (value instanceof Decimal128) {
            return BsonConstants.TYPE_DECIMAL128;
        } else if (value instanceof Double) {
            return BsonConstants.TYPE_DOUBLE;
        } else if (value instanceof String) {
            return BsonConstants.TYPE_UTF8_STRING;
        } else if (value instanceof Boolean) {
            return BsonConstants.TYPE_BOOLEAN;
        } else if (value instanceof BinData || value instanceof UUID || value instanceof LegacyUUID) {
            return BsonConstants.TYPE_DATA;
        } else if (value instanceof Collection<?>) {
            return BsonConstants.TYPE_ARRAY;
        } else if (value instanceof Instant) {
            return BsonConstants.TYPE_UTC_DATETIME;
        } else if (value instanceof BsonTimestamp) {
            return BsonConstants.TYPE_TIMESTAMP;
        } else if (value instanceof BsonRegularExpression) {
            return BsonConstants.TYPE_REGEX;
        } else if (value instanceof MaxKey) {
            return BsonConstants.TYPE_MAX_KEY;
        } else if (value instanceof MinKey) {
            return BsonConstants.TYPE_MIN_KEY;
        } else if (value instanceof BsonJavaScript) {
            return BsonConstants.TYPE_JAVASCRIPT_CODE;
        } else if (value instanceof Missing) {
            throw new IllegalArgumentException("Unexpected missing value. This must not happen. Please report a bug.");
        } else {
            throw new IllegalArgumentException("Unknown type: " + value.getClass());
        }
    }

    private static List<?> collectionToList(Object value) {
        if (value instanceof List<?>) {
            return (List<?>) value;
        } else {
            return new ArrayList<>((Collection<?>) value);
        }
    }

}
