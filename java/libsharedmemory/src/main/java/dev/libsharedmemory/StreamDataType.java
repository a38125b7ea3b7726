package dev.libsharedmemory;

/** The data type bit of a stream's flags byte ({@code kMemoryTypeString} etc. in the C++ library). */
public enum StreamDataType {
    /** Nothing has been written yet. */
    NONE(0),
    /** UTF-8 text or raw bytes. */
    STRING(StreamNative.TYPE_STRING),
    /** float32 values. */
    FLOAT(StreamNative.TYPE_FLOAT),
    /** float64 values. */
    DOUBLE(StreamNative.TYPE_DOUBLE),
    /** A type bit this library does not know (a newer or foreign writer). */
    UNKNOWN(-1);

    /** The change bit of the flags byte: it flips on every write. */
    public static final int CHANGE_BIT = StreamLayout.CHANGE_BIT;

    private final int flag;

    StreamDataType(int flag) {
        this.flag = flag;
    }

    /** The flag bit on the wire (-1 for UNKNOWN). */
    public int flag() {
        return flag;
    }

    /** Bytes per element: 1 for STRING, 4 for FLOAT, 8 for DOUBLE, 1 otherwise. */
    public int elementSize() {
        return this == FLOAT ? Float.BYTES : this == DOUBLE ? Double.BYTES : 1;
    }

    /** The data type a flags byte names (its change bit ignored). */
    public static StreamDataType fromFlags(int flags) {
        switch (flags & StreamLayout.TYPE_MASK) {
            case 0:
                return NONE;
            case StreamNative.TYPE_STRING:
                return STRING;
            case StreamNative.TYPE_FLOAT:
                return FLOAT;
            case StreamNative.TYPE_DOUBLE:
                return DOUBLE;
            default:
                return UNKNOWN;
        }
    }
}
