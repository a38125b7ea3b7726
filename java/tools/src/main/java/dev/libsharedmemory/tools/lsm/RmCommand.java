package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemory;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm rm NAME...}: removes segment names (processes that mapped them keep their mapping). */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Removes segments by name (shm_unlink). Processes that have one mapped keep using it until "
                + "they close it; a new segment of the same name is a different one."},
        footer = {"", "Exit codes: see lsm --help (2 when a name did not exist, unless --force)."})
final class RmCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Segment names.")
    List<String> names;

    @Option(names = {"-f", "--force"}, description = "No error for names that do not exist.")
    boolean force;

    @Override
    public Integer call() {
        int exitCode = ExitCode.OK;
        for (String name : names) {
            try {
                if (!SharedMemory.remove(name) && !force) {
                    Terminal.ERR.println("lsm: no shared memory segment named '" + name + "'");
                    exitCode = firstFailure(exitCode, ExitCode.NOT_FOUND);
                }
            } catch (RuntimeException e) {
                exitCode = firstFailure(exitCode, Errors.report(e));
            }
        }
        return exitCode;
    }

    private static int firstFailure(int current, int next) {
        return current == ExitCode.OK ? next : current;
    }
}
