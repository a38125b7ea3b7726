package dev.libsharedmemory;

/**
 * The foreign downcalls {@link ForeignCalls} binds, by the name the native table
 * (jni/jni/jni_foreign.cpp) gives each, with its C signature: {@code i} int32, {@code j} int64
 * (handles, offsets, sizes), {@code p} the data pointer, which is an int64 address in the
 * direct form and a (heap) segment in the array form. Binding checks that the native table has
 * exactly these names, so Java and C cannot drift apart by position.
 */
enum Downcall {
    /** int lsm_stream_writer_try_write(writer*, int type, const void* data, size_t bytes). */
    STREAM_TRY_WRITE("lsm_stream_writer_try_write", "i", "jipj"),
    /** int64_t lsm_stream_reader_try_read(reader*, void* dst, size_t capacity). */
    STREAM_TRY_READ("lsm_stream_reader_try_read", "j", "jpj"),
    /** int lsm_queue_try_enqueue(queue*, const void* data, size_t length). */
    QUEUE_TRY_ENQUEUE("lsm_queue_try_enqueue", "i", "jpj"),
    /** int64_t lsm_queue_try_take(queue*, int remove, void* buffer, size_t size). */
    QUEUE_TRY_TAKE("lsm_queue_try_take", "j", "jipj"),
    /** int64_t lsm_queue_try_enqueue_packed(queue*, const void* records, size_t used, uint32_t count). */
    QUEUE_TRY_ENQUEUE_PACKED("lsm_queue_try_enqueue_packed", "j", "jpji"),
    /** int64_t lsm_queue_try_take_packed(queue*, void* buffer, size_t size, uint32_t max). */
    QUEUE_TRY_TAKE_PACKED("lsm_queue_try_take_packed", "j", "jpji"),
    /** int copy_in(copier*, int64_t offset, const void* source, size_t bytes): SharedMemory's write. */
    SEGMENT_COPY_IN("segment_copy_in", "i", "jjpj"),
    /** int copy_out(copier*, int64_t offset, void* destination, size_t bytes): SharedMemory's read. */
    SEGMENT_COPY_OUT("segment_copy_out", "i", "jjpj");

    /** The native table's name. */
    final String nativeName;
    /** The result's kind ({@code i} or {@code j}). */
    final char result;
    /** The arguments' kinds, one character each. */
    final String arguments;
    /** Which argument is the data pointer. */
    final int dataArgument;

    Downcall(String nativeName, String result, String arguments) {
        this.nativeName = nativeName;
        this.result = result.charAt(0);
        this.arguments = arguments;
        this.dataArgument = arguments.indexOf('p');
    }

    /** Every native name, in declaration order (what {@link ForeignNative#addresses} is asked). */
    static String[] nativeNames() {
        Downcall[] all = values();
        String[] names = new String[all.length];
        for (Downcall call : all) {
            names[call.ordinal()] = call.nativeName;
        }
        return names;
    }
}
