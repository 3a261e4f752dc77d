// Runs a batch of generated ES module programs in one Node process, one after another.
//
//   node harness.mjs <manifest.json> <results> [<milliseconds per program> [<output limit>]]
//
// The manifest lists {name, path, dir, access_key}. Each program is imported once (top-level
// await finishes before import() settles) with its own working directory, process.argv as
// if node had been started on its file, and the environment the harness started with plus
// its own AWS_ACCESS_KEY_ID: what an earlier program set or removed in process.env is undone
// before the next one starts. A program's top-level names are its module's own. The SDK's
// modules are evaluated once and shared (globalThis is shared with them, so names added to
// it stay, as the SDK itself adds one); each program makes its own clients, which read the
// access key from process.env when they first sign a request.
//
// Output and errors belong to the program whose code caused them, followed through timers,
// promises and callbacks (AsyncLocalStorage), not to whichever program happens to be running:
// a thrown error, a rejected promise or a non-zero exit code fails that program only (the
// error's line in the program is taken from the stack), and a timer a program left behind
// that prints or throws after it finished changes that program's result, never the next one's.
//
// <results> gets one JSON line per event, written at once: {"start": name} before a program,
// its result (with "name") after it; a result that changed after it was written (the late
// timer above) is written again, whole, after the program running at the time ends, before
// that program's own result (the last line for a name is its result). If a program ends
// node or hangs in a synchronous loop that no timer here can interrupt, the caller knows
// which one from the start line without a result after it.
import { AsyncLocalStorage } from "node:async_hooks";
import { spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";

const [manifestPath, resultsPath, limit, outputLimit] = process.argv.slice(2);
const OUTPUT_LIMIT = Number(outputLimit) > 0 ? Number(outputLimit) : 4_000_000;
const TIMEOUT_MS = Number(limit) > 0 ? Number(limit) : 120_000;
const programs = JSON.parse(readFileSync(manifestPath, "utf8"));
const results = openSync(resultsPath, "a");
const owner = new AsyncLocalStorage(); // the program whose code is running
const environment = { ...process.env }; // what every program starts with
let current = null; // { name, url, path, result, finished } of the program that is running
const changed = new Set(); // programs whose result changed after it was written

class ExitCalled extends Error {
  constructor(code) {
    super(`process.exit(${code}) called`);
    this.code = code;
  }
}

// The program an event belongs to: the one whose code scheduled it, else the running one.
function whose() {
  return owner.getStore() ?? current;
}

function touched(program) {
  if (program.finished) changed.add(program);
}

function capture(stream, field) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, encoding, callback) => {
    const program = whose();
    if (!program) return write(chunk, encoding, callback);
    if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(encoding || "utf8");
    const room = OUTPUT_LIMIT - program.result[field].length; // keep the first OUTPUT_LIMIT characters only
    if (room > 0 && text) {
      program.result[field] += text.slice(0, room);
      touched(program);
    }
    if (typeof callback === "function") queueMicrotask(() => callback());
    return true;
  };
}
capture(process.stdout, "stdout");
capture(process.stderr, "stderr");

const realExit = process.exit.bind(process);
process.exit = (code) => {
  throw new ExitCalled(code === undefined ? (process.exitCode ?? 0) : code);
};

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The innermost line of the program that appears in the error's stack (SDK errors name
// it in an "at async file:///…?run=N:LINE:COL" frame).
function programLine(error, url) {
  const text = [error?.stack, inspect(error)].filter((t) => typeof t === "string").join("\n");
  const match = new RegExp(`${escapeRegExp(url)}:(\\d+)`).exec(text);
  return match ? Number(match[1]) : null;
}

// A module that does not parse never ran, so no stack names it: ask node --check.
function syntaxErrorLine(path) {
  const checked = spawnSync(process.execPath, ["--check", path], { encoding: "utf8", timeout: 60_000 });
  const match = new RegExp(`${escapeRegExp(path)}:(\\d+)`).exec(`${checked.stderr}`);
  return match ? Number(match[1]) : null;
}

function fail(error, how) {
  const program = whose();
  if (!program) {
    process.stderr.write(`polysnip harness: ${how} outside any program: ${inspect(error)}\n`);
    return;
  }
  const { result, url } = program;
  touched(program);
  if (error instanceof ExitCalled) {
    result.exit_code = Number(error.code) || 0;
    return;
  }
  result.exit_code = 1;
  result.error_line ??= programLine(error, url);
  if (result.error_line === null && error instanceof SyntaxError) result.error_line = syntaxErrorLine(program.path);
  const summary = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${inspect(error)}`;
  const late = program.finished ? "after the program finished, " : "";
  // The last line is the summary a report shows.
  result.stderr += `${late}${how}: ${inspect(error)}\n${summary.split("\n")[0]}\n`;
}

process.on("uncaughtException", (error) => fail(error, "uncaught exception"));
process.on("unhandledRejection", (error) => fail(error, "unhandled rejection"));

function emit(event) {
  writeSync(results, `${JSON.stringify(event)}\n`); // one write: a crash leaves whole lines before it
}

// Results that changed after they were written, again (called between programs).
function emitChanged() {
  for (const program of changed) emit({ name: program.name, ...program.result });
  changed.clear();
}

// Put back the environment the batch started with; the program's own key, argv and folder.
function resetShared(item) {
  for (const name of Object.keys(process.env)) {
    if (!(name in environment)) delete process.env[name];
  }
  for (const [name, value] of Object.entries(environment)) {
    if (process.env[name] !== value) process.env[name] = value;
  }
  process.env.AWS_ACCESS_KEY_ID = item.access_key;
  process.argv = [process.argv[0], item.path];
  process.exitCode = undefined;
  process.chdir(item.dir);
}

// Seconds on CLOCK_MONOTONIC (libuv's hrtime), the clock the caller's time.monotonic() reads.
function monotonic() {
  return Number(process.hrtime.bigint()) / 1e9;
}

function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

async function runProgram(program) {
  let timer;
  try {
    await Promise.race([
      import(program.url),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    fail(error, "error");
  } finally {
    clearTimeout(timer);
  }
  await settle(); // let late rejections of this program surface while it is current
}

for (const [index, item] of programs.entries()) {
  const result = { exit_code: 0, stdout: "", stderr: "", duration: 0, error_line: null };
  const program = {
    name: item.name,
    url: `${pathToFileURL(item.path).href}?run=${index}`,
    path: item.path,
    result,
    finished: false,
  };
  resetShared(item);
  emit({ start: item.name }); // the caller's watch: which program is running
  current = program;
  const started = performance.now();
  result.started = monotonic();
  await owner.run(program, () => runProgram(program));
  result.duration = (performance.now() - started) / 1000;
  result.finished = monotonic();
  if (result.exit_code === 0 && process.exitCode) result.exit_code = Number(process.exitCode) || 1;
  current = null;
  program.finished = true;
  emitChanged(); // earlier programs' late output, before this program's own result
  emit({ name: item.name, ...result });
}
emitChanged();
closeSync(results);
realExit(0);
