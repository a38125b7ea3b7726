package dev.libsharedmemory;

/**
 * Owns a native queue handle: the Cleaner action that frees it once its
 * {@link SharedMemoryQueue} is unreachable. Holds no reference to the queue object.
 */
final class QueueHandle implements Runnable {
    final long handle;
    final int capacity;
    final int maxMessageSize;

    /** Takes ownership of {@code handle}; frees it and throws if its geometry does not fit Java's int. */
    QueueHandle(String name, long handle) {
        long capacity = QueueNative.capacity(handle);
        long maxMessageSize = QueueNative.maxMessageSize(handle);
        if (capacity > Integer.MAX_VALUE || maxMessageSize > Integer.MAX_VALUE) {
            QueueNative.release(handle);
            throw new InvalidSizeException("queue '" + name + "': capacity " + capacity + " or maxMessageSize "
                    + maxMessageSize + " exceeds what Java can address (" + Integer.MAX_VALUE + ")");
        }
        this.handle = handle;
        this.capacity = (int) capacity;
        this.maxMessageSize = (int) maxMessageSize;
    }

    @Override
    public void run() {
        QueueNative.release(handle);
    }
}
