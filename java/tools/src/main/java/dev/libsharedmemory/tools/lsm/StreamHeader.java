package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.StreamLayout.ACK_OFFSET;
import static dev.libsharedmemory.StreamLayout.CHANGE_BIT;
import static dev.libsharedmemory.StreamLayout.DATA_OFFSET;
import static dev.libsharedmemory.StreamLayout.FLAGS_OFFSET;
import static dev.libsharedmemory.StreamLayout.HEADER_SIZE;
import static dev.libsharedmemory.StreamLayout.LOCK_OFFSET;
import static dev.libsharedmemory.StreamLayout.REVISION_OFFSET;
import static dev.libsharedmemory.StreamLayout.SIZE_OFFSET;
import static dev.libsharedmemory.StreamLayout.TYPE_DOUBLE;
import static dev.libsharedmemory.StreamLayout.TYPE_FLOAT;
import static dev.libsharedmemory.StreamLayout.TYPE_MASK;
import static dev.libsharedmemory.StreamLayout.TYPE_STRING;

import dev.libsharedmemory.StreamLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A snapshot of a stream segment's header ({@link StreamLayout}), read without the lock. */
record StreamHeader(long segmentSize, int flags, int padding, long revision, long ack, long payloadSize, LockState lock) {

    /** Reads the header fields; null when the segment is too small to hold them. */
    static StreamHeader read(SegmentBytes bytes) {
        if (bytes.size() < HEADER_SIZE || !bytes.contains(0, HEADER_SIZE)) {
            return null;
        }
        int padding = (bytes.u8(FLAGS_OFFSET + 1) << 16) | (bytes.u8(FLAGS_OFFSET + 2) << 8) | bytes.u8(FLAGS_OFFSET + 3);
        return new StreamHeader(bytes.size(), bytes.u8(FLAGS_OFFSET), padding, bytes.u32(REVISION_OFFSET),
                bytes.u32(ACK_OFFSET), bytes.u32(SIZE_OFFSET), LockState.of(bytes.u32(LOCK_OFFSET)));
    }

    int typeBits() {
        return flags & TYPE_MASK;
    }

    boolean changeBit() {
        return (flags & CHANGE_BIT) != 0;
    }

    /** "string", "float", "double", "none" (never written), or "unknown". */
    String typeName() {
        return switch (typeBits()) {
            case 0 -> "none";
            case TYPE_STRING -> "string";
            case TYPE_FLOAT -> "float";
            case TYPE_DOUBLE -> "double";
            default -> "unknown";
        };
    }

    long maxPayload() {
        return StreamLayout.maxPayload(segmentSize);
    }

    /** True for the all-zero header of a stream nobody wrote to yet (also what a zeroed raw segment looks like). */
    boolean neverWritten() {
        return flags == 0 && revision == 0 && payloadSize == 0;
    }

    /** Why these bytes are not a stream header; empty when they are one. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        int type = typeBits();
        if (type != 0 && type != TYPE_STRING && type != TYPE_FLOAT && type != TYPE_DOUBLE) {
            problems.add(String.format("flags 0x%02x carry no single known type bit (2 string, 4 float, 8 double)", flags));
        } else if (type == 0 && !neverWritten()) {
            problems.add(String.format("flags 0x%02x carry no type bit, yet revision %d / size %d show a write",
                    flags, revision, payloadSize));
        }
        if (payloadSize > maxPayload()) {
            problems.add("payload size " + payloadSize + " exceeds the " + maxPayload() + "-byte payload area");
        }
        return problems;
    }

    /** Oddities that do not stop decoding. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (padding != 0) {
            notes.add(String.format("padding bytes 1..3 are 0x%06x, not zero", padding));
        }
        if (typeBits() == TYPE_FLOAT && payloadSize % 4 != 0) {
            notes.add("float payload of " + payloadSize + " bytes is not a multiple of 4");
        }
        if (typeBits() == TYPE_DOUBLE && payloadSize % 8 != 0) {
            notes.add("double payload of " + payloadSize + " bytes is not a multiple of 8");
        }
        if (neverWritten()) {
            notes.add("all-zero header: a stream nobody wrote to yet (or a zero-filled raw segment)");
        }
        return notes;
    }

    /** Unread writes as seen by the last reader that acknowledged (revision - ack, modulo 2^32). */
    long unread() {
        return (revision - ack) & 0xffff_ffffL;
    }

    /** Up to {@code max} payload bytes, copied from the payload area (size re-checked against the mapping). */
    byte[] payload(SegmentBytes bytes, int max) {
        long length = Math.min(payloadSize, maxPayload());
        return bytes.copy(DATA_OFFSET, (int) Math.min(length, max));
    }

    /** Float or double values of a payload copy, for display; empty for other types. */
    List<Number> numbers(byte[] payload) {
        return numbers(flags, payload);
    }

    /** The float (type 4) or double (type 8) values of {@code payload} in native byte order; empty for other types. */
    static List<Number> numbers(int flags, byte[] payload) {
        int type = flags & TYPE_MASK;
        List<Number> values = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
        if (type == TYPE_FLOAT) {
            while (buffer.remaining() >= 4) {
                values.add(buffer.getFloat());
            }
        } else if (type == TYPE_DOUBLE) {
            while (buffer.remaining() >= 8) {
                values.add(buffer.getDouble());
            }
        }
        return values;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = Json.object();
        json.put("flags", flags);
        json.put("type", typeName());
        json.put("changeBit", changeBit());
        json.put("revision", revision);
        json.put("ack", ack);
        json.put("unread", unread());
        json.put("size", payloadSize);
        json.put("maxPayload", maxPayload());
        json.put("lock", lock.toJson());
        json.put("notes", notes());
        return json;
    }

    /** One line for {@code lsm list}. */
    String summary() {
        if (neverWritten()) {
            return "never written, max payload " + maxPayload() + " B, lock " + lock.describe();
        }
        return typeName() + ", revision " + revision + ", " + payloadSize + " B"
                + (unread() != 0 ? ", unread" : ", read") + ", lock " + lock.describe();
    }
}
