package dev.libsharedmemory.tools.lsm;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every create-* command shares (a picocli mixin): permission bits and --force. */
final class CreateOptions {
    @Option(names = "--mode", paramLabel = "OCTAL", description = "Permission bits (default 0600).")
    String mode;

    @Option(names = {"-f", "--force"}, description = "Replace an existing segment of that name.")
    boolean force;

    /** Refuses an existing {@code name} unless --force; the permission bits to create it with. */
    int modeForNew(String name, String what) {
        Existing.refuseUnlessForced(name, force, what);
        return Existing.mode(mode, Optional.empty());
    }
}
