// Runs a batch of generated ES module programs in one Node process, one after another.
//
//   node harness.mjs <manifest.json> <results.json> [<milliseconds per program> [<output limit>]]
//
// The manifest lists {name, path, dir, access_key}. Each program is imported once (top-level
// await finishes before import() settles) with its own AWS_ACCESS_KEY_ID, its own working
// directory and its own captured stdout/stderr. A thrown error, a rejected promise or a
// non-zero exit code fails that program only; the error's line in the program is taken from
// the stack. Results are rewritten after every program, so a crash loses only the rest, and
// <results.json>.progress gets "start TAB name" and "done TAB name" lines, so that the caller
// can tell which program hung (a synchronous loop that no timer here can interrupt).
import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";

const [manifestPath, resultsPath, limit, outputLimit] = process.argv.slice(2);
const OUTPUT_LIMIT = Number(outputLimit) > 0 ? Number(outputLimit) : 4_000_000;
const TIMEOUT_MS = Number(limit) > 0 ? Number(limit) : 120_000;
const progressPath = `${resultsPath}.progress`;
const programs = JSON.parse(readFileSync(manifestPath, "utf8"));
const results = {};
let current = null; // { url, path, result } of the program that is running

class ExitCalled extends Error {
  constructor(code) {
    super(`process.exit(${code}) called`);
    this.code = code;
  }
}

function capture(stream, field) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, encoding, callback) => {
    if (!current) return write(chunk, encoding, callback);
    if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(encoding || "utf8");
    const room = OUTPUT_LIMIT - current.result[field].length; // keep the first OUTPUT_LIMIT characters only
    if (room > 0) current.result[field] += text.slice(0, room);
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
  if (!current) {
    process.stderr.write(`polysnip harness: ${how} outside any program: ${inspect(error)}\n`);
    return;
  }
  const { result, url } = current;
  if (error instanceof ExitCalled) {
    result.exit_code = Number(error.code) || 0;
    return;
  }
  result.exit_code = 1;
  result.error_line ??= programLine(error, url);
  if (result.error_line === null && error instanceof SyntaxError) result.error_line = syntaxErrorLine(current.path);
  const summary = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${inspect(error)}`;
  // The last line is the summary a report shows.
  result.stderr += `${how}: ${inspect(error)}\n${summary.split("\n")[0]}\n`;
}

process.on("uncaughtException", (error) => fail(error, "uncaught exception"));
process.on("unhandledRejection", (error) => fail(error, "unhandled rejection"));

// Seconds on CLOCK_MONOTONIC (libuv's hrtime), the clock the caller's time.monotonic() reads.
function monotonic() {
  return Number(process.hrtime.bigint()) / 1e9;
}

function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

for (const [index, item] of programs.entries()) {
  const url = `${pathToFileURL(item.path).href}?run=${index}`;
  const result = { exit_code: 0, stdout: "", stderr: "", duration: 0, error_line: null };
  process.env.AWS_ACCESS_KEY_ID = item.access_key;
  process.exitCode = undefined;
  process.chdir(item.dir);
  current = { url, path: item.path, result };
  appendFileSync(progressPath, `start\t${item.name}\n`); // the caller's watch: which program is running
  const started = performance.now();
  const startedAt = monotonic();
  let timer;
  try {
    await Promise.race([
      import(url),
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
  result.duration = (performance.now() - started) / 1000;
  result.started = startedAt;
  result.finished = monotonic();
  if (result.exit_code === 0 && process.exitCode) result.exit_code = Number(process.exitCode) || 1;
  current = null;
  results[item.name] = result;
  writeFileSync(`${resultsPath}.tmp`, JSON.stringify(results));
  renameSync(`${resultsPath}.tmp`, resultsPath); // never a half-written file, even if the next program crashes node
  appendFileSync(progressPath, `done\t${item.name}\n`);
}
realExit(0);
