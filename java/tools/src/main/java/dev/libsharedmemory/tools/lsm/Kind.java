package dev.libsharedmemory.tools.lsm;

/** What a segment holds, as guessed from its bytes and size. */
enum Kind {
    STREAM,
    QUEUE,
    RAW;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
