// Runs a batch of compiled Java programs in this one JVM, one after the other.
//
// Usage: java -cp <sdk classpath>:<harness>:<programs> Harness <manifest> <results>
//
// Each manifest line is: name TAB class TAB access key TAB stdout file TAB stderr file.
// Before each program the harness sets the system properties aws.accessKeyId and
// aws.secretAccessKey, which the SDK's default credential chain reads before the
// environment, so that every program signs with its own access key; it swaps
// System.out and System.err for the program's own files, then calls main() by reflection.
//
// The results file gets one line when a program starts ("start TAB name") and one when
// it ends ("done TAB name TAB exit code TAB seconds TAB error line or 0 TAB start TAB end",
// start and end in System.nanoTime() seconds, CLOCK_MONOTONIC on Linux), flushed at
// once: if a program ends the JVM (System.exit), the caller knows which one did it, and
// a shutdown hook adds "exit TAB name TAB line" with the program line that called exit.

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

public final class Harness {
    private static volatile String currentName;
    private static volatile String currentClass;
    private static volatile Thread runner;

    private Harness() {
    }

    /** Keeps the first polysnip.outputLimit bytes a program prints and drops the rest. */
    static final class Capped extends FilterOutputStream {
        private long room = Long.getLong("polysnip.outputLimit", 4_000_000L);

        Capped(OutputStream target) {
            super(target);
        }

        @Override
        public void write(int b) throws IOException {
            if (room > 0) {
                out.write(b);
                room--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, room);
            if (n > 0) {
                out.write(b, off, n);
                room -= n;
            }
        }
    }

    public static void main(String[] args) throws IOException {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (secret == null) {
            secret = "";
        }
        try (BufferedReader manifest = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8);
                Writer results = new OutputStreamWriter(new FileOutputStream(args[1], true), StandardCharsets.UTF_8)) {
            runner = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> recordExit(results)));
            String line;
            while ((line = manifest.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] item = line.split("\t", -1);
                String name = item[0];
                String className = item[1];
                synchronized (results) {
                    results.write("start\t" + name + "\n");
                    results.flush();
                }
                currentName = name;
                currentClass = className;
                System.setProperty("aws.accessKeyId", item[2]);
                System.setProperty("aws.secretAccessKey", secret);
                int exitCode = 0;
                int errorLine = 0;
                long started = System.nanoTime();
                try (PrintStream out = new PrintStream(new Capped(new FileOutputStream(item[3])), true, StandardCharsets.UTF_8);
                        PrintStream err = new PrintStream(new Capped(new FileOutputStream(item[4])), true, StandardCharsets.UTF_8)) {
                    System.setOut(out);
                    System.setErr(err);
                    try {
                        Method entry = Class.forName(className).getMethod("main", String[].class);
                        if (!Modifier.isStatic(entry.getModifiers())) {
                            throw new NoSuchMethodException(className + ".main is not static");
                        }
                        entry.invoke(null, (Object) new String[0]);
                    } catch (InvocationTargetException thrown) {
                        Throwable cause = thrown.getCause() == null ? thrown : thrown.getCause();
                        exitCode = 1;
                        errorLine = programLine(cause, className);
                        report(err, cause);
                    } catch (ReflectiveOperationException | LinkageError thrown) {
                        exitCode = 1;
                        report(err, thrown);
                    } finally {
                        out.flush();
                        err.flush();
                        System.setOut(realOut);
                        System.setErr(realErr);
                    }
                }
                currentName = null;
                long finished = System.nanoTime();
                double seconds = (finished - started) / 1e9;
                synchronized (results) {
                    results.write("done\t" + name + "\t" + exitCode + "\t" + seconds + "\t" + errorLine
                            + "\t" + started / 1e9 + "\t" + finished / 1e9 + "\n");
                    results.flush();
                }
            }
        }
        // Programs may leave non-daemon threads behind; the batch is over.
        System.exit(0);
    }

    /** In a shutdown hook: the program running now ended the JVM; note where it called exit. */
    private static void recordExit(Writer results) {
        String name = currentName;
        if (name == null) {
            return;
        }
        StackTraceElement[] frames = runner.getStackTrace();
        int line = 0;
        for (StackTraceElement frame : frames) {
            String frameClass = frame.getClassName();
            if ((frameClass.equals(currentClass) || frameClass.startsWith(currentClass + "$")) && frame.getLineNumber() > 0) {
                line = frame.getLineNumber();
                break;
            }
        }
        try {
            synchronized (results) {
                results.write("exit\t" + name + "\t" + line + "\n");
                results.flush();
            }
        } catch (IOException ignored) {
            // the caller still sees the "start" line without its "done"
        }
    }

    /** The stack trace, then the exception itself as the last line (what a reader sees first). */
    private static void report(PrintStream err, Throwable thrown) {
        thrown.printStackTrace(err);
        err.println(thrown);
    }

    /** The innermost line of the program's own class (or its nested classes) in the trace. */
    private static int programLine(Throwable thrown, String className) {
        for (Throwable current = thrown; current != null; current = current.getCause()) {
            for (StackTraceElement frame : current.getStackTrace()) {
                String frameClass = frame.getClassName();
                if ((frameClass.equals(className) || frameClass.startsWith(className + "$")) && frame.getLineNumber() > 0) {
                    return frame.getLineNumber();
                }
            }
        }
        return 0;
    }
}
