package de.bwaldvogel.mongo.backend.h2;

import java.nio.ByteBuffer;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Part of this project's launcher of mongo-java-server: the key type of the H2 database's document maps (the
 * documents' _id, or their sequence numbers in a collection created since CachedH2Collection kept positions; two
 * Longs compare as ObjectDataType compares them). The library's ObjectDataType Java-serializes an ObjectId key on every page write and read, and
 * allocates a comparator object per comparison. This type keeps ObjectDataType's order exactly (two ObjectIds
 * compare with compareTo, as ObjectDataType compares two values of one Comparable class; every other pair is
 * ObjectDataType's) and writes an ObjectId as a tag byte and its 12 bytes, a document key (a compound _id) as BSON
 * like BsonDocumentType. Keys of a file written before, and keys
 * that are not ObjectIds, are read and written by ObjectDataType as they were.
 */
final class DocumentKeyType extends ObjectDataType {

    // ObjectDataType's tags are 0–19 and 32–119.
    static final byte OBJECT_ID_TAG = 124;

    // One per map: ObjectDataType keeps per-instance state (its last type).
    DocumentKeyType() {
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof ObjectId x && b instanceof ObjectId y) {
            return x.compareTo(y);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        return super.compare(a, b);
    }

    @Override
    public int getMemory(Object key) {
        return key instanceof ObjectId ? 48 : super.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buffer, Object key) {
        if (key instanceof ObjectId id) {
            buffer.put(OBJECT_ID_TAG).put(id.toByteArray());
        } else if (key instanceof Document document && BsonDocumentType.bsonCarries(document)) {
            BsonDocumentType.writeBson(buffer, document);
        } else {
            super.write(buffer, key);
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        byte tag = buffer.get(buffer.position());
        if (tag == BsonDocumentType.BSON_TAG) {
            return BsonDocumentType.readBson(buffer);
        }
        if (tag != OBJECT_ID_TAG) {
            return super.read(buffer);
        }
        buffer.get();
        byte[] id = new byte[12];
        buffer.get(id);
        return new ObjectId(id);
    }
}
