package dev.libsharedmemory;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * The mappings whose views {@link SharedMemory#buffer()} handed out, while those views show the
 * shared segment. Another process can shrink such a segment; a native copy from one of its views
 * inside a call on another handle would then fault outside the mapping that handle watches,
 * where the library's SIGBUS handling does not apply, and the JVM would die. So a buffer inside
 * one of these ranges (the view, a slice, a duplicate) gets its SharedMemory as its
 * {@link DirectAddress#scope} and takes {@link ScopedBufferCalls}, which copies its bytes through
 * that handle, inside that handle's fault protection. Consulted when a buffer's
 * {@link DirectAddress} is built, never per call.
 *
 * <p>Linux only: that protection (the SIGBUS handler, docs/robustness.md) exists only there, as
 * does the fault it catches. macOS cannot resize a shared memory object that has a size and
 * Windows cannot shrink a section while a view of it is mapped; there a view takes the direct
 * route like any direct buffer, without the bounce copy and the extra native call per use.
 */
final class SharedViews {
    /**
     * The scope of a view whose handle was collected (its view kept mapped): copied by the JDK,
     * whose copy turns a fault into an InternalError (see docs/robustness.md).
     */
    static final Object ORPHAN = new Object();

    private record View(long begin, long end, WeakReference<SharedMemory> owner) {}

    /** Whether views are registered on this OS. */
    static final boolean ENABLED = catchesShrinks(System.getProperty("os.name", ""));

    /** Replaced, never changed, so readers need no lock. */
    private static volatile View[] views = new View[0];

    private SharedViews() {}

    /** True where another process can shrink a mapped segment and the library catches its faults: Linux. */
    static boolean catchesShrinks(String osName) {
        return NativePlatform.isLinux(osName);
    }

    /** Registers a view (where {@link #ENABLED}). */
    static synchronized void add(SharedMemory owner, long address, long size) {
        if (!ENABLED) {
            return;
        }
        View[] grown = Arrays.copyOf(views, views.length + 1);
        grown[grown.length - 1] = new View(address, address + size, new WeakReference<>(owner));
        views = grown;
    }

    static synchronized void remove(long address) {
        views = Arrays.stream(views).filter(view -> view.begin != address).toArray(View[]::new);
    }

    /** The SharedMemory whose view holds {@code address}, {@link #ORPHAN}, or null outside every view. */
    static Object ownerOf(long address) {
        for (View view : views) {
            if (address >= view.begin && address < view.end) {
                SharedMemory owner = view.owner.get();
                return owner != null ? owner : ORPHAN;
            }
        }
        return null;
    }
}
