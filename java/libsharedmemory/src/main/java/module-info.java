/**
 * libsharedmemory-java: shared-memory segments, streams and queues, wire-compatible with the C++
 * library libsharedmemory 2.0.0. See the package {@link dev.libsharedmemory} for which to use.
 *
 * <p>On JDK 22 and newer, start the JVM with {@code --enable-native-access=dev.libsharedmemory}.
 *
 * <p>The module is {@code open} because its JAR carries the native libraries as resources under
 * {@code natives/<platform>/}: each such directory is a package of the module, and the native
 * library loader (a different module) finds a resource of a named module only when its package
 * is opened to everyone. Which platforms a JAR carries depends on the build, and {@code opens}
 * can only name packages the compiler sees, so the module opens them all. It still exports only
 * {@code dev.libsharedmemory}; opening adds deep reflection, which the class path allows anyway.
 */
@SuppressWarnings("requires-automatic") // native-lib-loader has only an Automatic-Module-Name
open module dev.libsharedmemory {
    exports dev.libsharedmemory;

    requires org.scijava.nativelib;
    // Optional: the JFR events (LifecycleEvents) are absent from a runtime without it.
    requires static jdk.jfr;
}
