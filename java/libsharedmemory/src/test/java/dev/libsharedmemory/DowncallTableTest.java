package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The downcalls are bound by name: the native table must list exactly the names {@link Downcall} has. */
class DowncallTableTest {
    @Test
    void everyDowncallHasItsOwnNativeAddress() {
        long[] addresses = ForeignNative.addresses(Downcall.nativeNames());
        assertEquals(Downcall.values().length, addresses.length);
        assertEquals(addresses.length, new HashSet<>(Arrays.asList(Arrays.stream(addresses).boxed().toArray())).size());
        for (long address : addresses) {
            assertNotEquals(0, address);
        }
    }

    @Test
    void theOrderIsTheCallersNotTheTables() {
        String[] names = Downcall.nativeNames();
        long[] forward = ForeignNative.addresses(names);
        String[] reversed = names.clone();
        java.util.Collections.reverse(Arrays.asList(reversed));
        long[] backward = ForeignNative.addresses(reversed);
        for (int i = 0; i < names.length; i++) {
            assertEquals(forward[i], backward[names.length - 1 - i], names[i]);
        }
    }

    @Test
    void anUnknownMissingOrRepeatedNameFailsAtLoad() {
        String[] names = Downcall.nativeNames();
        String[] unknown = names.clone();
        unknown[0] = "lsm_no_such_call";
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ForeignNative.addresses(unknown));
        assertTrue(e.getMessage().contains("lsm_no_such_call"), e.getMessage());
        assertThrows(InvalidArgumentException.class,
                () -> ForeignNative.addresses(Arrays.copyOf(names, names.length - 1)));
        String[] repeated = names.clone();
        repeated[1] = repeated[0];
        assertThrows(InvalidArgumentException.class, () -> ForeignNative.addresses(repeated));
    }
}
