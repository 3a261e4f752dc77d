import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles batches of programs without running them, all in one JVM (javac's startup and
 * warm-up are paid once, not once per service).
 *
 * <p>Arguments: a manifest and a results file. The manifest has one block per batch: a line
 * "batch TAB id TAB classpath TAB output folder", then one line "name TAB source path" per
 * program. javac stops after flow analysis (no class files are written). A batch with errors
 * is compiled again without the files that had them, until the rest is clean, so errors
 * that one file's problems hide in another still show. Results: "error TAB name TAB line TAB
 * column TAB message" per error, "done TAB id" after each batch.
 */
public final class Typecheck {
    private Typecheck() {
    }

    public static void main(String[] args) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String[]> batches = new ArrayList<>();
        List<Map<String, String>> sources = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", -1);
            if (fields[0].equals("batch")) {
                batches.add(fields);
                sources.add(new LinkedHashMap<>());
            } else if (fields.length == 2) {
                sources.get(sources.size() - 1).put(Path.of(fields[1]).toAbsolutePath().toString(), fields[0]);
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
            for (int i = 0; i < batches.size(); i++) {
                check(compiler, batches.get(i), sources.get(i), out);
                out.println("done\t" + batches.get(i)[1]);
                out.flush();
            }
        }
    }

    private static void check(JavaCompiler compiler, String[] batch, Map<String, String> todo, PrintWriter out)
            throws IOException {
        List<String> options = List.of("-proc:none", "-nowarn", "-encoding", "UTF-8", "-Xmaxerrs", "100000",
                "-XDshould-stop.ifNoError=FLOW", "-XDshould-stop.ifError=FLOW", "-cp", batch[2], "-d", batch[3]);
        Files.createDirectories(Path.of(batch[3]));
        Map<String, String> left = new LinkedHashMap<>(todo);
        while (!left.isEmpty()) {
            DiagnosticCollector<JavaFileObject> found = new DiagnosticCollector<>();
            boolean ok;
            try (StandardJavaFileManager files = compiler.getStandardFileManager(found, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromStrings(left.keySet());
                ok = compiler.getTask(null, files, found, options, null, units).call();
            }
            if (ok) {
                return;
            }
            Map<String, Boolean> failed = new LinkedHashMap<>();
            List<String> unattributed = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : found.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) {
                    continue;
                }
                String message = d.getMessage(Locale.ROOT).replace('\t', ' ').replaceAll("\\s*\\R\\s*", "; ");
                String name = d.getSource() == null ? null
                        : left.get(Path.of(d.getSource().toUri()).toAbsolutePath().toString());
                if (name == null) {
                    unattributed.add(message);
                    continue;
                }
                failed.put(name, true);
                out.println("error\t" + name + "\t" + Math.max(d.getLineNumber(), 1) + "\t"
                        + Math.max(d.getColumnNumber(), 1) + "\t" + message);
            }
            if (failed.isEmpty()) {  // nothing attributable to one file: every file fails with it
                String message = "javac failed: " + String.join("; ", unattributed);
                for (String name : left.values()) {
                    out.println("error\t" + name + "\t1\t1\t" + message);
                }
                return;
            }
            left.values().removeIf(failed::containsKey);
        }
    }
}
