package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.QueueLayout.CAPACITY_OFFSET;
import static dev.libsharedmemory.QueueLayout.CONSUMER_LOCK_OFFSET;
import static dev.libsharedmemory.QueueLayout.COUNT_OFFSET;
import static dev.libsharedmemory.QueueLayout.HEADER_SIZE;
import static dev.libsharedmemory.QueueLayout.MAX_MESSAGE_SIZE_OFFSET;
import static dev.libsharedmemory.QueueLayout.PRODUCER_LOCK_OFFSET;
import static dev.libsharedmemory.QueueLayout.READ_INDEX_OFFSET;
import static dev.libsharedmemory.QueueLayout.SLOT_LENGTH_SIZE;
import static dev.libsharedmemory.QueueLayout.WRITE_INDEX_OFFSET;

import dev.libsharedmemory.QueueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A snapshot of a queue segment's header ({@link QueueLayout}), read without the locks. */
record QueueHeader(long segmentSize, long writeIndex, long readIndex, long capacity, long count, long maxMessageSize,
        LockState producerLock, LockState consumerLock) {

    /** Reads the header fields; null when the segment is too small to hold them. */
    static QueueHeader read(SegmentBytes bytes) {
        if (bytes.size() < HEADER_SIZE || !bytes.contains(0, HEADER_SIZE)) {
            return null;
        }
        return new QueueHeader(bytes.size(), bytes.u32(WRITE_INDEX_OFFSET), bytes.u32(READ_INDEX_OFFSET),
                bytes.u32(CAPACITY_OFFSET), bytes.u32(COUNT_OFFSET), bytes.u32(MAX_MESSAGE_SIZE_OFFSET),
                LockState.of(bytes.u32(PRODUCER_LOCK_OFFSET)), LockState.of(bytes.u32(CONSUMER_LOCK_OFFSET)));
    }

    /** 28 + capacity × (4 + maxMessageSize), or -1 when that does not fit a long. */
    long expectedSize() {
        return QueueLayout.segmentSize(capacity, maxMessageSize);
    }

    /** Why these bytes are not a queue header; empty when they are one. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (capacity == 0) {
            problems.add("capacity is 0");
        }
        if (maxMessageSize == 0) {
            problems.add("maxMessageSize is 0");
        }
        // The ring, or (a queue this library created) the ring and its wake block.
        if (capacity != 0 && maxMessageSize != 0 && expectedSize() != segmentSize
                && (expectedSize() < 0 || expectedSize() + QueueLayout.WAKE_BLOCK_SIZE != segmentSize)) {
            problems.add(HEADER_SIZE + " + capacity " + capacity + " × (" + SLOT_LENGTH_SIZE + " + maxMessageSize "
                    + maxMessageSize + ") = "
                    + (expectedSize() < 0 ? "overflow" : Long.toString(expectedSize()))
                    + " differs from the segment size " + segmentSize);
        }
        if (writeIndex >= capacity) {
            problems.add("writeIndex " + writeIndex + " is not below capacity " + capacity);
        }
        if (readIndex >= capacity) {
            problems.add("readIndex " + readIndex + " is not below capacity " + capacity);
        }
        if (count > capacity) {
            problems.add("count " + count + " exceeds capacity " + capacity);
        }
        return problems;
    }

    /** Oddities that do not stop decoding (only meaningful when {@link #problems()} is empty). */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (capacity != 0 && (readIndex + count) % capacity != writeIndex) {
            notes.add("readIndex + count ≠ writeIndex (mod capacity): an operation in flight, or one interrupted");
        }
        return notes;
    }

    /** One queued message: its slot, where its bytes start, its length field, a copy of up to the preview size, or a problem. */
    record Message(long slot, long offset, long length, byte[] bytes, String problem) {
        Map<String, Object> toJson() {
            Map<String, Object> json = Preview.toJson(length, bytes == null ? new byte[0] : bytes);
            json.put("slot", slot);
            json.put("offset", offset);
            json.put("problem", problem);
            return json;
        }
    }

    /**
     * The queued messages, oldest first, at most {@code maxMessages}, each copied up to
     * {@code previewBytes}. Only call when {@link #problems()} is empty (the geometry fits).
     */
    List<Message> messages(SegmentBytes bytes, int maxMessages, int previewBytes) {
        List<Message> messages = new ArrayList<>();
        for (long i = 0; i < Math.min(count, maxMessages); i++) {
            long slot = (readIndex + i) % capacity;
            long offset = QueueLayout.slotOffset(slot, maxMessageSize);
            long length = bytes.u32(offset);
            if (length > maxMessageSize) {
                messages.add(new Message(slot, offset + SLOT_LENGTH_SIZE, length, null,
                        "length " + length + " exceeds maxMessageSize " + maxMessageSize));
            } else {
                messages.add(new Message(slot, offset + SLOT_LENGTH_SIZE, length,
                        bytes.copy(offset + SLOT_LENGTH_SIZE, (int) Math.min(length, previewBytes)), null));
            }
        }
        return messages;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = Json.object();
        json.put("capacity", capacity);
        json.put("maxMessageSize", maxMessageSize);
        json.put("count", count);
        json.put("readIndex", readIndex);
        json.put("writeIndex", writeIndex);
        json.put("producerLock", producerLock.toJson());
        json.put("consumerLock", consumerLock.toJson());
        json.put("notes", notes());
        return json;
    }

    /** One line for {@code lsm list}. */
    String summary() {
        return count + "/" + capacity + " messages, max " + maxMessageSize + " B"
                + (producerLock.holder().isFree() ? "" : ", producer lock " + producerLock.describe())
                + (consumerLock.holder().isFree() ? "" : ", consumer lock " + consumerLock.describe());
    }
}
