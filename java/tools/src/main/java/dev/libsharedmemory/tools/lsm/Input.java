package dev.libsharedmemory.tools.lsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The bytes to write or send: TEXT from the command line (as UTF-8) or the contents of --file ("-" is stdin). */
final class Input {
    private Input() {}

    static byte[] bytes(String text, Path file) {
        if ((text == null) == (file == null)) {
            throw LsmException.usage("give either TEXT or --file F, not " + (text == null ? "neither" : "both"));
        }
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return file.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LsmException(ExitCode.IO, "cannot read " + file + ": no such file");
        } catch (IOException | OutOfMemoryError e) {
            throw new LsmException(ExitCode.IO, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
