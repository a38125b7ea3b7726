package dev.libsharedmemory.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The user documentation shows only code that is built and run: every {@code ```java} block of
 * these pages must appear, line for line (indentation aside), in an example source of this module,
 * which the build compiles and {@link ExamplesTest} runs; every {@code ```c} and {@code ```cpp}
 * block in a file of docs/examples ({@link CAbiExampleTest} builds and runs the C one).
 */
class DocumentationSnippetsTest {
    private static final Pattern CODE_BLOCK = Pattern.compile("(?ms)^[ \\t]*```(java|cpp|c)[ \\t]*\\n(.*?)^[ \\t]*```");
    /** Words of how the project is developed, not of how it is used ("target/" is Maven's folder, "--target" a CMake option). */
    private static final Pattern PROCESS_WORDS = Pattern.compile(
            "(?i)(?<!--)\\b(issues?|budgets?|sessions?|met|missed|targets?)\\b(?!/)");

    private static Path repositoryRoot() {
        return Paths.get(System.getProperty("lsm.repository.root", "../.."));
    }

    /** Where the code of each language that a page shows lives, and how its files end. */
    private static final Map<String, List<String>> SOURCES = Map.of(
            "java", List.of("java/examples/src/main/java", ".java"),
            "c", List.of("docs/examples", ".c"),
            "cpp", List.of("docs/examples", ".cpp"));

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** A text as its lines without leading and trailing blanks: indentation does not count. */
    private static List<String> normalizedLines(String text) {
        return text.lines().map(String::strip).collect(Collectors.toList());
    }

    private static List<List<String>> sources(String language) throws IOException {
        List<String> where = SOURCES.get(language);
        try (Stream<Path> files = Files.walk(repositoryRoot().resolve(where.get(0)))) {
            List<List<String>> sources = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(where.get(1))).collect(Collectors.toList())) {
                sources.add(normalizedLines(read(file)));
            }
            return sources;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/robustness.md", "docs/c-abi.md"})
    void everyCodeBlockIsQuotedFromAnExampleThatIsBuilt(String document) throws IOException {
        Matcher block = CODE_BLOCK.matcher(read(repositoryRoot().resolve(document)));
        while (block.find()) {
            String language = block.group(1);
            List<String> snippet = normalizedLines(block.group(2));
            assertTrue(sources(language).stream().anyMatch(source -> Collections.indexOfSubList(source, snippet) >= 0),
                    () -> document + ": this " + language + " block is not part of any example in "
                            + SOURCES.get(language).get(0) + ":\n" + block.group(2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/robustness.md", "docs/c-abi.md"})
    void speaksToUsersNotOfTheDevelopmentProcess(String document) throws IOException {
        List<String> lines = read(repositoryRoot().resolve(document)).lines().collect(Collectors.toList());
        for (int i = 0; i < lines.size(); i++) {
            Matcher word = PROCESS_WORDS.matcher(lines.get(i));
            String where = document + ":" + (i + 1) + ": ";
            String line = lines.get(i);
            assertFalse(word.find(), () -> where + "'" + word.group() + "' in: " + line);
        }
    }

    @Test
    void theBlocksAreFound() throws IOException {
        Matcher readme = CODE_BLOCK.matcher(read(repositoryRoot().resolve("README.md")));
        List<String> languages = new ArrayList<>();
        while (readme.find()) {
            languages.add(readme.group(1));
        }
        assertTrue(languages.contains("java") && languages.contains("cpp"),
                "README.md's java and cpp blocks were not found (found " + languages + "): has the format changed?");
    }
}
