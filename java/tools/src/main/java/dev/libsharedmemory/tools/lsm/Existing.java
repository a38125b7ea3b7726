package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SegmentNotFoundException;
import java.util.Optional;

/** What an existing name holds, for commands that create or replace segments. */
record Existing(long size, Kind kind, String octalMode) {
    /** The segment behind {@code name}, or empty when there is none. */
    static Optional<Existing> of(String name) {
        try (OpenSegment segment = OpenSegment.open(name)) {
            String mode = SegmentFiles.stat(name).map(SegmentFiles.Entry::octalMode).orElse(null);
            return Optional.of(new Existing(segment.bytes().size(), Probe.of(segment.bytes()).kind(), mode));
        } catch (SegmentNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Refuses to replace a segment unless --force. */
    static void refuseUnlessForced(String name, boolean force, String what) {
        if (!force) {
            of(name).ifPresent(existing -> {
                throw new LsmException(ExitCode.EXISTS, "segment '" + name + "' exists (" + existing.kind().label()
                        + ", " + existing.size() + " bytes); --force replaces it with " + what);
            });
        }
    }

    /** The mode to create with: the one asked for, else the existing segment's, else 0600. */
    static int mode(String asked, Optional<Existing> existing) {
        String mode = asked != null ? asked : existing.map(Existing::octalMode).orElse("0600");
        try {
            int value = Integer.parseInt(mode, 8);
            if (value < 0 || value > 0777) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw LsmException.usage("--mode must be octal permission bits such as 0600 or 0660, not '" + mode + "'");
        }
    }
}
