package dev.libsharedmemory;

import java.util.ServiceLoader;

/**
 * Whether SLF4J would find a binding (1.7) or a provider (2.x), decided without initializing it.
 *
 * <p>native-lib-loader logs through SLF4J, and SLF4J without a binding prints three lines to
 * stderr when it first starts. {@link NativeLibrary} uses native-lib-loader only when its
 * messages have somewhere to go, so an application without SLF4J configuration starts silently
 * and one with a binding still receives them. Only looks: nothing here changes SLF4J's state or
 * any system property.
 */
final class Slf4jBinding {
    private Slf4jBinding() {}

    static boolean present() {
        ClassLoader loader = NativeLibrary.class.getClassLoader();
        Class<?> loggerFactory = find("org.slf4j.LoggerFactory", loader);
        if (loggerFactory == null) {
            return false; // no SLF4J at all
        }
        ClassLoader slf4jLoader = loggerFactory.getClassLoader();
        Class<?> provider = find("org.slf4j.spi.SLF4JServiceProvider", slf4jLoader);
        if (provider == null) { // SLF4J 1.7: a binding is the class org.slf4j.impl.StaticLoggerBinder
            return find("org.slf4j.impl.StaticLoggerBinder", slf4jLoader) != null;
        }
        if (System.getProperty("slf4j.provider") != null) { // SLF4J 2.x told which provider to use
            return true;
        }
        try {
            NativeLibrary.class.getModule().addUses(provider); // a named module must declare what it loads
            return ServiceLoader.load(provider, slf4jLoader).stream().findAny().isPresent();
        } catch (java.util.ServiceConfigurationError e) {
            return true; // a broken provider: let SLF4J report it, as it would have without us
        }
    }

    private static Class<?> find(String className, ClassLoader loader) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
