package dev.libsharedmemory;

import java.io.File;
import org.scijava.nativelib.NativeLoader;

/**
 * Loads the native library once, before the first native call.
 *
 * <p>By default it is extracted (with scijava native-lib-loader) from {@code natives/<platform>/}
 * on the class path or the module path, where {@link NativePlatform} decides the platform: the
 * main JAR holds every platform's library, a {@code natives-<platform>} JAR one of them. The system property
 * {@value #LIBRARY_PATH_PROPERTY} names a library file to load instead (a build of your own, or one
 * installed outside the JAR). Without an SLF4J binding, {@link ExtractedLibrary} extracts it
 * instead, so that nothing is printed at start-up.
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
        NativePlatform platform = NativePlatform.current();
        String resource = platform.resource();
        java.net.URL bundled = NativeLibrary.class.getClassLoader().getResource(resource);
        if (bundled == null) {
            throw new SharedMemoryException("no native library of libsharedmemory-java for " + platform.id
                    + " (os.name=" + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                    + "): looked for " + resource + " on the class and module path. Depend on libsharedmemory-java (it bundles"
                    + " the natives), or add its JAR with classifier " + platform.classifier()
                    + " beside the nonatives JAR, or set -D" + LIBRARY_PATH_PROPERTY + "=/path/to/library");
        }
        try {
            if (!Slf4jBinding.present()) { // native-lib-loader's start would make SLF4J print a warning
                ExtractedLibrary.load(bundled, platform.fileName);
                return;
            }
            // native-lib-loader copies the library out of the JAR into a temporary directory
            // (and removes copies left behind by earlier JVMs), logging through SLF4J.
            File extracted = NativeLoader.getJniExtractor().extractJni("natives/" + platform.directory + "/", LIBRARY_NAME);
            if (extracted == null) {
                throw new java.io.IOException("native-lib-loader did not find " + resource);
            }
            System.load(extracted.getAbsolutePath());
        } catch (java.io.IOException | UnsatisfiedLinkError e) {
            throw new SharedMemoryException("cannot load the native library " + resource + " for " + platform.id
                    + " (os.name=" + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                    + "): " + e, e);
        }
    }
}
