package dev.libsharedmemory.bench;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;

/**
 * A critical foreign downcall (JDK 22+) of the shape of the library's data calls that does
 * nothing: what the crossing alone costs on JDK 22+, as {@link BenchNative#nop()} is on JNI.
 * Bound by reflection, as the library binds its own: this module compiles for Java 17.
 */
final class ForeignNop {
    /** (long, int, long, long) -> int; null before JDK 22. */
    static final MethodHandle NOP = bind();

    private ForeignNop() {}

    private static MethodHandle bind() {
        if (Runtime.version().feature() < 22) {
            return null;
        }
        try {
            Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
            Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");
            Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
            Object options = Array.newInstance(optionClass, 1);
            Array.set(options, 0, optionClass.getMethod("critical", boolean.class).invoke(null, false));
            Object javaLong = valueLayoutClass.getField("JAVA_LONG").get(null);
            Object javaInt = valueLayoutClass.getField("JAVA_INT").get(null);
            Object arguments = Array.newInstance(layoutClass, 4);
            Array.set(arguments, 0, javaLong);
            Array.set(arguments, 1, javaInt);
            Array.set(arguments, 2, javaLong);
            Array.set(arguments, 3, javaLong);
            Object descriptor = descriptorClass.getMethod("of", layoutClass, arguments.getClass())
                    .invoke(null, javaInt, arguments);
            Object function = segmentClass.getMethod("ofAddress", long.class).invoke(null, BenchNative.nopCallAddress());
            return (MethodHandle) linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass, options.getClass())
                    .invoke(linker, function, descriptor, options);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not bind the empty foreign downcall", e);
        }
    }
}
