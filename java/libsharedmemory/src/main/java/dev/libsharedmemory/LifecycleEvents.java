package dev.libsharedmemory;

// placeholder: the JFR work replaces this class
final class LifecycleEvents {
    private LifecycleEvents() {}

    static void followed(String segment, long followCount) {}

    static void stale(String segment) {}
}
