package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The platform -> natives directory decision, and what the loader says where there is none. */
class NativePlatformTest {

    @Test
    void supportedPlatformsMapToTheirDirectories() {
        assertEquals("natives/linux_64/liblsmjava.so", NativePlatform.of("Linux", "amd64", false).resource());
        assertEquals("natives/linux_64/liblsmjava.so", NativePlatform.of("Linux", "x86_64", false).resource());
        assertEquals("natives/linux_arm64/liblsmjava.so", NativePlatform.of("Linux", "aarch64", false).resource());
        assertEquals("natives/windows_64/lsmjava.dll", NativePlatform.of("Windows 11", "amd64", false).resource());
        assertEquals("natives/windows_64/lsmjava.dll", NativePlatform.of("Windows Server 2022", "amd64", false).resource());
        assertEquals("natives/osx_64/liblsmjava.dylib", NativePlatform.of("Mac OS X", "x86_64", false).resource());
        assertEquals("natives/osx_arm64/liblsmjava.dylib", NativePlatform.of("Mac OS X", "aarch64", false).resource());
        assertEquals("natives-linux-aarch64", NativePlatform.LINUX_AARCH64.classifier());
        assertEquals("natives-macos-aarch64", NativePlatform.MACOS_AARCH64.classifier());
    }

    @Test
    void unsupportedPlatformsFailNamingThePlatformAndWhatExists() {
        assertUnsupported("Linux", "amd64", true, "musl");
        assertUnsupported("Linux", "aarch64", true, "musl");
        assertUnsupported("Linux", "x86", false, "32-bit");
        assertUnsupported("Linux", "arm", false, "32-bit");
        assertUnsupported("Linux", "riscv64", false, "riscv64 is not supported");
        assertUnsupported("Windows 10", "x86", false, "32-bit");
        assertUnsupported("Windows 11", "aarch64", false, "Windows on ARM");
        assertUnsupported("FreeBSD", "amd64", false, "operating system is not supported");
        assertUnsupported("SunOS", "sparcv9", false, "operating system is not supported");
    }

    private static void assertUnsupported(String osName, String osArch, boolean musl, String reason) {
        SharedMemoryException e = assertThrows(SharedMemoryException.class,
                () -> NativePlatform.of(osName, osArch, musl));
        String message = e.getMessage();
        assertTrue(message.contains("os.name=" + osName), message);
        assertTrue(message.contains("os.arch=" + osArch), message);
        assertTrue(message.contains(reason), message);
        assertTrue(message.contains("natives/linux_64/liblsmjava.so"), message); // what it looks for
        assertTrue(message.contains("linux-aarch64"), message);
        assertTrue(message.contains(NativeLibrary.LIBRARY_PATH_PROPERTY), message);
    }

    @Test
    void theRunningPlatformIsSupportedAndItsNativeIsOnTheClassPath() {
        NativePlatform platform = NativePlatform.current();
        String expected = System.getProperty("lsm.expected.platform"); // set by scripts/test-aarch64.sh
        if (expected != null) {
            assertEquals(expected, platform.id);
        }
        assertNotNull(getClass().getClassLoader().getResource(platform.resource()), platform.resource());
    }

    @Test
    void elfInterpreterIsReadFrom64And32BitHeaders() {
        assertEquals("/lib/ld-musl-x86_64.so.1", NativePlatform.elfInterpreter(elf(true, "/lib/ld-musl-x86_64.so.1")));
        assertEquals("/lib/ld-linux.so.2", NativePlatform.elfInterpreter(elf(false, "/lib/ld-linux.so.2")));
        assertNull(NativePlatform.elfInterpreter(new byte[100]));
        assertNull(NativePlatform.elfInterpreter("#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII)));
        byte[] truncated = elf(true, "/lib/ld-musl-aarch64.so.1");
        assertNull(NativePlatform.elfInterpreter(java.util.Arrays.copyOf(truncated, 80)));
        byte[] hostile = elf(true, "x");
        ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN).putLong(0x20, Long.MAX_VALUE - 8);
        assertNull(NativePlatform.elfInterpreter(hostile));
    }

    @Test
    void thisJvmIsNotSeenAsMusl() throws IOException {
        Path exe = Paths.get("/proc/self/exe");
        if (!NativePlatform.current().id.startsWith("linux") || !Files.isReadable(exe)) {
            return;
        }
        String interpreter = NativePlatform.elfInterpreter(Files.readAllBytes(exe));
        if (interpreter == null) {
            // No PT_INTERP: the dynamic loader itself is the program, running the launcher
            // (`ld-linux-aarch64.so.1 .../bin/java`, as scripts/test-aarch64.sh runs the JVM).
            interpreter = exe.toRealPath().getFileName().toString();
            assertTrue(interpreter.startsWith("ld-"), () -> "neither a PT_INTERP nor a loader: " + exe);
        }
        assertEquals(interpreter.contains("musl"), NativePlatform.runsOnMusl());
    }

    /** A minimal ELF image: header, one PT_INTERP program header, the path. */
    private static byte[] elf(boolean is64, String interpreter) {
        byte[] path = (interpreter + "\0").getBytes(StandardCharsets.US_ASCII);
        int headerSize = is64 ? 64 : 52;
        int phSize = is64 ? 56 : 32;
        ByteBuffer b = ByteBuffer.allocate(headerSize + phSize + path.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), 1, 1});
        if (is64) {
            b.putLong(0x20, headerSize).putShort(0x36, (short) phSize).putShort(0x38, (short) 1);
            b.putInt(headerSize, 3).putLong(headerSize + 8, headerSize + phSize).putLong(headerSize + 32, path.length);
        } else {
            b.putInt(0x1c, headerSize).putShort(0x2a, (short) phSize).putShort(0x2c, (short) 1);
            b.putInt(headerSize, 3).putInt(headerSize + 4, headerSize + phSize).putInt(headerSize + 16, path.length);
        }
        b.position(headerSize + phSize);
        b.put(path);
        return b.array();
    }
}
