package dev.libsharedmemory;

import java.lang.ref.Cleaner;

/** The one Cleaner thread that unmaps handles their owners never closed. */
final class Cleaners {
    static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "libsharedmemory-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private Cleaners() {}
}
