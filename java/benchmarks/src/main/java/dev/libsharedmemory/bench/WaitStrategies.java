package dev.libsharedmemory.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The wait strategies of {@link WaitingBenchmark}, chosen by name and applied through the public
 * API only: {@code handle.setWaitStrategy(WaitStrategy.NAME())}, looked up by reflection, so this
 * module builds and runs against a library with or without {@code WaitStrategy}. "default"
 * applies nothing: the handle waits as a new handle does.
 */
final class WaitStrategies {
    static final String DEFAULT = "default";
    /** The factory methods of dev.libsharedmemory.WaitStrategy this benchmark knows. */
    static final List<String> KNOWN = List.of("sleep", "backoff", "busySpin");
    private static final String TYPE = "dev.libsharedmemory.WaitStrategy";

    private WaitStrategies() {}

    /**
     * The names of {@code requested} (comma-separated) this library offers, in order, without
     * repeats; a known name it lacks is left out with a message on stderr, and when none is left
     * the list is "default". An unknown name is an error.
     */
    static List<String> choose(String requested) {
        List<String> chosen = new ArrayList<>();
        for (String name : requested.split(",")) {
            if (!name.equals(DEFAULT) && !KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown wait strategy " + name + " (known: " + DEFAULT + ", "
                        + String.join(", ", KNOWN) + ")");
            }
            if (chosen.contains(name)) {
                continue;
            }
            if (name.equals(DEFAULT) || factory(name) != null) {
                chosen.add(name);
            } else {
                System.err.println("[wait] " + TYPE + "." + name + "() is not in this build of libsharedmemory: "
                        + "its rows are left out");
            }
        }
        if (chosen.isEmpty()) {
            System.err.println("[wait] measuring the default wait strategy only");
            chosen.add(DEFAULT);
        }
        return chosen;
    }

    /** Sets {@code handle}'s wait strategy to the one named (one that {@link #choose} returned). */
    static void apply(Object handle, String name) {
        if (name.equals(DEFAULT)) {
            return;
        }
        Method factory = factory(name);
        try {
            Object strategy = factory.invoke(null);
            handle.getClass().getMethod("setWaitStrategy", factory.getDeclaringClass()).invoke(handle, strategy);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(handle.getClass().getSimpleName() + " has no setWaitStrategy(WaitStrategy)", e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + TYPE + "." + name + "()", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("setting wait strategy " + name + " failed", e.getCause());
        }
    }

    /** WaitStrategy.NAME(), or null when the library has no such type or method. */
    private static Method factory(String name) {
        try {
            return Class.forName(TYPE).getMethod(name);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
    }
}
