package dev.libsharedmemory.tools.lsm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The segments of this machine as the OS shows them: on Linux, the files of /dev/shm. */
final class SegmentFiles {
    static final Path SHM = Paths.get("/dev/shm");

    /** One segment's OS attributes. */
    record Entry(String name, long size, String owner, String group, Set<PosixFilePermission> permissions) {
        /** "0600". */
        String octalMode() {
            int mode = 0;
            for (PosixFilePermission p : permissions) {
                mode |= 1 << (8 - p.ordinal());
            }
            return String.format("0%o", mode);
        }

        /** "rw-------". */
        String symbolicMode() {
            return PosixFilePermissions.toString(permissions);
        }

        void putJson(Map<String, Object> json) {
            json.put("size", size);
            json.put("owner", owner);
            json.put("group", group);
            json.put("mode", octalMode());
        }
    }

    private SegmentFiles() {}

    static boolean supported() {
        return Files.isDirectory(SHM);
    }

    /** Every segment, sorted by name. */
    static List<Entry> list() {
        if (!supported()) {
            throw new LsmException(ExitCode.IO, "listing segments needs " + SHM + " (Linux); it does not exist here");
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(SHM)) {
            for (Path path : dir) {
                attributes(path).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new LsmException(ExitCode.IO, "cannot list " + SHM + ": " + e.getMessage());
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /** The attributes of one segment, when this OS shows them. */
    static Optional<Entry> stat(String name) {
        if (!supported() || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            return Optional.empty();
        }
        return attributes(SHM.resolve(name));
    }

    private static Optional<Entry> attributes(Path path) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new Entry(path.getFileName().toString(), attributes.size(), attributes.owner().getName(),
                    attributes.group().getName(), attributes.permissions()));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // removed meanwhile, or not a POSIX file system
        }
    }
}
