package dev.libsharedmemory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The platforms libsharedmemory-java ships natives for, and where each one's library sits in
 * the JARs ({@code natives/<directory>/<file>}, the layout of scijava native-lib-loader).
 *
 * <p>{@link #of(String, String, boolean)} is a pure function of {@code os.name}, {@code os.arch}
 * and whether the C library is musl; {@link #current()} applies it to the running JVM.
 */
enum NativePlatform {
    LINUX_X86_64("linux-x86_64", "linux_64", "liblsmjava.so"),
    LINUX_AARCH64("linux-aarch64", "linux_arm64", "liblsmjava.so"),
    WINDOWS_X86_64("windows-x86_64", "windows_64", "lsmjava.dll"),
    MACOS_X86_64("macos-x86_64", "osx_64", "liblsmjava.dylib"),
    MACOS_AARCH64("macos-aarch64", "osx_arm64", "liblsmjava.dylib");

    /** The platform's name, also the suffix of its classifier JAR ({@code natives-<id>}). */
    final String id;
    /** The directory under {@code natives/} in the JARs. */
    final String directory;
    /** The library's file name. */
    final String fileName;

    NativePlatform(String id, String directory, String fileName) {
        this.id = id;
        this.directory = directory;
        this.fileName = fileName;
    }

    /** The class-path resource of this platform's library. */
    String resource() {
        return "natives/" + directory + "/" + fileName;
    }

    /** The classifier of the JAR that holds only this platform's native. */
    String classifier() {
        return "natives-" + id;
    }

    /** The platform of the running JVM. */
    static NativePlatform current() {
        String osName = System.getProperty("os.name", "");
        return of(osName, System.getProperty("os.arch", ""), isLinux(osName) && runsOnMusl());
    }

    /**
     * The platform for these system properties, or a {@link SharedMemoryException} that names the
     * platform, why it is not supported, and what is.
     */
    static NativePlatform of(String osName, String osArch, boolean musl) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86_64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64");
        boolean aarch64 = arch.equals("aarch64") || arch.equals("arm64");
        String reason;
        if (isLinux(osName)) {
            if (musl) {
                reason = "the C library is musl (e.g. Alpine Linux); the Linux natives are built for glibc";
            } else if (x86_64) {
                return LINUX_X86_64;
            } else if (aarch64) {
                return LINUX_AARCH64;
            } else {
                reason = architectureReason(arch);
            }
        } else if (os.startsWith("windows")) {
            if (x86_64) {
                return WINDOWS_X86_64;
            }
            reason = aarch64 ? "Windows on ARM is not supported" : architectureReason(arch);
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            if (x86_64) {
                return MACOS_X86_64;
            } else if (aarch64) {
                return MACOS_AARCH64;
            }
            reason = architectureReason(arch);
        } else {
            reason = "the operating system is not supported";
        }
        throw new SharedMemoryException("libsharedmemory-java has no native library for this platform (os.name="
                + osName + ", os.arch=" + osArch + (isLinux(osName) ? ", libc=" + (musl ? "musl" : "glibc") : "")
                + "): " + reason + ". Natives exist for " + supported()
                + ". To use a build of your own, set -D" + NativeLibrary.LIBRARY_PATH_PROPERTY + "=/path/to/library");
    }

    /** True for the {@code os.name} of Linux. */
    static boolean isLinux(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("linux");
    }

    private static String architectureReason(String arch) {
        if (arch.equals("x86") || arch.equals("i386") || arch.equals("i486") || arch.equals("i586")
                || arch.equals("i686") || arch.equals("arm") || arch.startsWith("armv") || arch.equals("riscv32")) {
            return "32-bit JVMs are not supported";
        }
        return "the architecture " + arch + " is not supported";
    }

    /** "linux-x86_64 (natives/linux_64/liblsmjava.so), ..." */
    static String supported() {
        StringBuilder all = new StringBuilder();
        for (NativePlatform platform : values()) {
            if (all.length() > 0) {
                all.append(", ");
            }
            all.append(platform.id).append(" (").append(platform.resource()).append(')');
        }
        return all.toString();
    }

    /** True when this Linux JVM runs on musl: its launcher's ELF interpreter is musl's loader. */
    static boolean runsOnMusl() {
        Path exe = Paths.get("/proc/self/exe");
        try (InputStream in = Files.newInputStream(exe)) {
            String interpreter = elfInterpreter(in.readNBytes(64 * 1024));
            return interpreter != null && interpreter.contains("musl");
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false; // cannot tell: assume glibc, the library load then reports what failed
        }
    }

    private static final int PT_INTERP = 3;

    /**
     * The program interpreter (PT_INTERP) named by the ELF file whose first bytes are given, or
     * null when they are not ELF or do not contain it.
     */
    static String elfInterpreter(byte[] elf) {
        if (elf.length < 52 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            return null;
        }
        boolean is64 = elf[4] == 2;
        ByteBuffer bytes = ByteBuffer.wrap(elf).order(elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        try {
            long phoff = is64 ? bytes.getLong(0x20) : Integer.toUnsignedLong(bytes.getInt(0x1c));
            int phentsize = Short.toUnsignedInt(bytes.getShort(is64 ? 0x36 : 0x2a));
            int phnum = Short.toUnsignedInt(bytes.getShort(is64 ? 0x38 : 0x2c));
            for (int i = 0; i < phnum; i++) {
                long header = phoff + (long) i * phentsize;
                if (phoff < 0 || header < 0 || header > elf.length - (is64 ? 56 : 32)) { // no overflow
                    return null;
                }
                int at = (int) header;
                if (bytes.getInt(at) != PT_INTERP) {
                    continue;
                }
                long offset = is64 ? bytes.getLong(at + 8) : Integer.toUnsignedLong(bytes.getInt(at + 4));
                long size = is64 ? bytes.getLong(at + 32) : Integer.toUnsignedLong(bytes.getInt(at + 16));
                if (offset < 0 || size <= 0 || size > elf.length || offset > elf.length - size) {
                    return null;
                }
                int length = (int) size;
                while (length > 0 && elf[(int) offset + length - 1] == 0) {
                    length--; // the path is NUL-terminated
                }
                return new String(elf, (int) offset, length, StandardCharsets.ISO_8859_1);
            }
            return null;
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }
}
