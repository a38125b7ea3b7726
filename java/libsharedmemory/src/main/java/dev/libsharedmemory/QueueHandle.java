package dev.libsharedmemory;

/**
 * Owns a native queue handle: the Cleaner action that frees it once its
 * {@link SharedMemoryQueue} is unreachable. Holds no reference to the queue object.
 */
final class QueueHandle implements Runnable {
    final long handle;
    /**
     * The geometry of the mapped queue; a following consumer's changes when it maps a re-created
     * queue ({@link #refreshGeometry}). Plain fields: another thread may see the old values a
     * while, harmless since the native side checks every length against its own mapping.
     */
    int capacity;
    int maxMessageSize;

    /** Takes ownership of {@code handle}; frees it and throws if its geometry does not fit Java's int. */
    QueueHandle(String name, long handle) {
        this.handle = handle;
        try {
            refreshGeometry(name);
        } catch (RuntimeException | Error e) {
            QueueNative.release(handle);
            throw e;
        }
    }

    /** Reads the geometry of the queue the handle maps now. */
    void refreshGeometry(String name) {
        long capacity = QueueNative.capacity(handle);
        long maxMessageSize = QueueNative.maxMessageSize(handle);
        if (capacity > Integer.MAX_VALUE || maxMessageSize > Integer.MAX_VALUE) {
            throw new InvalidSizeException("queue '" + name + "': capacity " + capacity + " or maxMessageSize "
                    + maxMessageSize + " exceeds what Java can address (" + Integer.MAX_VALUE + ")");
        }
        this.capacity = (int) capacity;
        this.maxMessageSize = (int) maxMessageSize;
    }

    @Override
    public void run() {
        QueueNative.release(handle);
    }
}
