package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A heap ByteBuffer whose position another thread changes during calls: every (array, offset,
 * length) that reaches native code is checked against the array as it is passed, so nothing
 * outside the array is read or written, on every route (critical downcalls with heap segments on
 * JDK 22+, JNI with arrays or the staging buffer). In a child JVM: the failure is heap corruption.
 */
class HeapBufferRaceTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"queue", "stream", "stream-write"})
    void aPositionFlippedByAnotherThreadNeverMovesACopyOutsideTheArray(String kind) {
        Processes.Result result = Processes.jvm(HeapPositionRace.class, kind, names.next("heaprace"));
        result.assertSuccess();
        assertEquals("ok", result.out().trim(), result.stderr());
    }
}
