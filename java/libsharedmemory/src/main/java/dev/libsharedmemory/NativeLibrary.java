package dev.libsharedmemory;

import java.io.File;
import java.util.Locale;
import org.scijava.nativelib.NativeLibraryUtil;
import org.scijava.nativelib.NativeLoader;

/**
 * Loads the native library once, before the first native call.
 *
 * <p>By default scijava native-lib-loader extracts it from {@code natives/<platform>/} inside
 * the JAR. The system property {@value #LIBRARY_PATH_PROPERTY} names a library file to load
 * instead (a build of your own, or one installed outside the JAR).
 */
final class NativeLibrary {
    /** System property: absolute path of a native library file to load instead of the bundled one. */
    static final String LIBRARY_PATH_PROPERTY = "libsharedmemory.library.path";

    static final String LIBRARY_NAME = "lsmjava";

    private static volatile boolean loaded;

    private NativeLibrary() {}

    static void load() {
        if (loaded) {
            return;
        }
        synchronized (NativeLibrary.class) {
            if (!loaded) {
                loadOnce();
                loaded = true;
            }
        }
    }

    private static void loadOnce() {
        String override = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (override != null && !override.isEmpty()) {
            File file = new File(override);
            if (!file.isFile()) {
                throw new SharedMemoryException("native library " + file.getAbsolutePath()
                        + " (set by -D" + LIBRARY_PATH_PROPERTY + ") does not exist");
            }
            System.load(file.getAbsolutePath());
            return;
        }
        String resource = bundledResource();
        if (NativeLibrary.class.getClassLoader().getResource(resource) == null) {
            throw new SharedMemoryException("no native library of libsharedmemory-java for this platform (os.name="
                    + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                    + "): looked for " + resource + " on the class path; add the natives JAR for your platform"
                    + " or set -D" + LIBRARY_PATH_PROPERTY + "=/path/to/library");
        }
        try {
            NativeLoader.loadLibrary(LIBRARY_NAME);
        } catch (java.io.IOException | UnsatisfiedLinkError e) {
            throw new SharedMemoryException("cannot load the native library " + resource + " (os.name="
                    + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch") + "): " + e, e);
        }
    }

    /** The JAR resource native-lib-loader will look for on this platform. */
    static String bundledResource() {
        NativeLibraryUtil.Architecture architecture = NativeLibraryUtil.getArchitecture();
        String directory = architecture == NativeLibraryUtil.Architecture.UNKNOWN
                ? "natives/unknown_" + System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT) + "/"
                : NativeLibraryUtil.getPlatformLibraryPath(NativeLibraryUtil.DEFAULT_SEARCH_PATH);
        return directory + NativeLibraryUtil.getPlatformLibraryName(LIBRARY_NAME);
    }
}
