package dev.libsharedmemory.tools.lsm;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lsm}: see and drive shared memory segments (streams, queues, raw) from the command line. */
@Command(name = "lsm",
        mixinStandardHelpOptions = true,
        versionProvider = Lsm.Version.class,
        description = "See and drive libsharedmemory segments: streams, queues and raw segments.",
        subcommands = {
            ListCommand.class,
            InspectCommand.class,
            ReadCommand.class,
            WriteCommand.class,
            RecvCommand.class,
            SendCommand.class,
            CreateStreamCommand.class,
            CreateQueueCommand.class,
            UnlockCommand.class,
            RmCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"", ExitCode.HELP_TABLE, "",
            "Segments are named as in libsharedmemory (Linux: /dev/shm/NAME). LSM_DEBUG=1 adds stack traces to errors."})
public final class Lsm implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs lsm with {@code args} and returns its exit code. */
    static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Lsm());
        Errors errors = Errors.handler();
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(new java.io.PrintWriter(Terminal.OUT, true));
        commandLine.setErr(new java.io.PrintWriter(Terminal.ERR, true));
        try {
            return commandLine.execute(args);
        } catch (RuntimeException | Error e) {
            return Errors.report(e);
        }
    }

    /** The version of the JAR (from its manifest), or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Lsm.class.getPackage().getImplementationVersion();
            return new String[] {"lsm " + (version == null ? "dev" : version) + " (libsharedmemory-java)"};
        }
    }
}
