package de.bwaldvogel.mongo.backend;

import java.time.Instant;
import java.util.Comparator;

import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Part of this project's launcher of mongo-java-server: one key of a SortedSecondaryIndex (its values, then the
 * document's _id so equal keys of different documents stay distinct), or a search bound built of Bound values.
 */
final class IndexEntry {

    private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

    static final Comparator<IndexEntry> ORDER = IndexEntry::compare;

    final Object[] values;
    final Object id;

    IndexEntry(Object[] values, Object id) {
        this.values = values;
        this.id = id;
    }

    private static int compare(IndexEntry a, IndexEntry b) {
        for (int i = 0; i < a.values.length; i++) {
            int cmp = compareValues(a.values[i], b.values[i]);
            if (cmp != 0) {
                return cmp;
            }
        }
        return compareValues(a.id, b.id);
    }

    static int compareValues(Object a, Object b) {
        if (a instanceof Bound) {
            return ((Bound) a).compareTo(b);
        }
        if (b instanceof Bound) {
            return -((Bound) b).compareTo(a);
        }
        // The common pairs of one class, ordered exactly as ValueComparator orders them, without its type
        // bracket look-ups (a walk of its type list per value: ~8% of the database's CPU in a claim storm).
        if (a != null && b != null && a.getClass() == b.getClass()) {
            if (a instanceof String x) {
                return x.compareTo((String) b);
            }
            if (a instanceof ObjectId x) {
                return x.compareTo((ObjectId) b);
            }
            if (a instanceof Instant x) {
                return x.compareTo((Instant) b);
            }
            if (a instanceof Integer x) {
                return Integer.compare(x, (Integer) b);
            }
            if (a instanceof Long x) {
                return Long.compare(x, (Long) b);
            }
            if (a instanceof Boolean x) {
                return Boolean.compare(x, (Boolean) b);
            }
        }
        return VALUES.compare(a, b);
    }

    /** A search bound: before or after every value, or the start or end of one value's type bracket. */
    static final class Bound {
        static final Bound MIN = new Bound(-2, null);
        static final Bound MAX = new Bound(2, null);

        private final int kind; // -2 min, -1 start of sample's type, 1 end of sample's type, 2 max
        private final Object sample;

        private Bound(int kind, Object sample) {
            this.kind = kind;
            this.sample = sample;
        }

        static Bound startOfType(Object sample) {
            return new Bound(-1, sample);
        }

        static Bound endOfType(Object sample) {
            return new Bound(1, sample);
        }

        int compareTo(Object other) {
            if (kind == -2 || kind == 2) {
                if (other instanceof Bound && ((Bound) other).kind == kind) {
                    return 0;
                }
                return kind;
            }
            if (other instanceof Bound) {
                Bound bound = (Bound) other;
                if (bound.kind == -2 || bound.kind == 2) {
                    return -bound.kind;
                }
                int types = ValueComparator.compareTypes(sample, bound.sample);
                return types != 0 ? types : Integer.compare(kind, bound.kind);
            }
            int types = ValueComparator.compareTypes(sample, other);
            return types != 0 ? types : kind;
        }
    }
}
