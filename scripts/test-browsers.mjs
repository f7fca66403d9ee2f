// Runs the browser suite in each engine, one `wtr` process after another (each with its own stand-in).
// WebKit needs a display and WebKitWebDriver: both are started here on a free display and port, and stopped
// whatever happens (failure, Ctrl+C). Usage: node scripts/test-browsers.mjs [chromium|firefox|webkit ...] [-- wtr args]
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from '../test/helpers/engines.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEBDRIVER = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver';

const separator = process.argv.indexOf('--');
const named = process.argv.slice(2, separator === -1 ? undefined : separator);
const wtrArgs = separator === -1 ? [] : process.argv.slice(separator + 1);
const engines = named.length ? named : ENGINES;
for (const engine of engines) {
  if (!ENGINES.includes(engine)) {
    console.error(`Unknown engine "${engine}": use ${ENGINES.join(', ')}.`);
    process.exit(2);
  }
}

/** Helper processes to stop on the way out, each the leader of its own process group. */
const helpers = new Set();
/** The running wtr process, stopped with the rest when this script is. */
let wtr;

function stopHelpers() {
  wtr?.kill('SIGTERM');
  for (const child of helpers) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  helpers.clear();
}

process.on('exit', stopHelpers);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopHelpers();
    process.exit(130);
  });
}

/** Starts a helper; its stderr is kept for error messages, and in full in `logPath` when given. */
function startHelper(command, args, env = process.env, logPath) {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  const log = logPath && createWriteStream(logPath);
  child.stderr.on('data', (chunk) => {
    errors = (errors + chunk).slice(-4000);
    log?.write(chunk);
  });
  child.output = () => errors;
  helpers.add(child);
  child.on('exit', () => helpers.delete(child));
  return child;
}

function stopHelper(child) {
  if (!helpers.has(child)) return Promise.resolve();
  const gone = new Promise((done) => child.once('exit', done));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve();
  }
  return gone;
}

async function until(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${what} did not come up in ${timeoutMs / 1000} s`);
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** A display number with no X server (nor its lock file) yet. */
function freeDisplay() {
  for (let n = 99; n < 200; n++) {
    if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  }
  throw new Error('No free X display between :99 and :199.');
}

/** Xvfb and WebKitWebDriver for one WebKit run; returns the environment for wtr and a way to stop both. */
async function startWebKitDriver() {
  for (const binary of [WEBDRIVER, 'Xvfb']) {
    if (binary.startsWith('/') && !existsSync(binary)) {
      throw new Error(`${binary} is missing: install webkit2gtk-driver and xvfb (see .ci/run).`);
    }
  }
  const display = freeDisplay();
  const xvfb = startHelper('Xvfb', [`:${display}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp']);
  await until(() => existsSync(`/tmp/.X11-unix/X${display}`) || xvfb.exitCode !== null, 'Xvfb');
  if (xvfb.exitCode !== null) throw new Error(`Xvfb :${display} exited: ${xvfb.output()}`);
  const port = await freePort();
  mkdirSync(resolve(root, 'test-results'), { recursive: true });
  // MiniBrowser's own messages come out here too: the log to read when a WebKit run goes wrong.
  const driver = startHelper(
    WEBDRIVER,
    [`--port=${port}`, '--host=127.0.0.1'],
    { ...process.env, DISPLAY: `:${display}` },
    resolve(root, 'test-results/webkit-driver.log'),
  );
  await until(async () => {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${driver.output()}`);
    try {
      return (await fetch(`http://127.0.0.1:${port}/status`)).ok;
    } catch {
      return false;
    }
  }, 'WebKitWebDriver');
  return {
    env: { DISPLAY: `:${display}`, WEBDRIVER_PORT: String(port) },
    stop: async () => {
      await stopHelper(driver);
      await stopHelper(xvfb);
    },
  };
}

function runWtr(engine, env) {
  return new Promise((done) => {
    const bin = resolve(root, 'node_modules/@web/test-runner/dist/bin.js');
    const child = spawn(process.execPath, [bin, '--config', 'web-test-runner.config.mjs', ...wtrArgs], {
      cwd: root,
      env: { ...process.env, ...env, ENGINE: engine },
      stdio: 'inherit',
    });
    wtr = child;
    child.on('exit', (code, signal) => {
      wtr = undefined;
      done(code ?? (signal ? 1 : 0));
    });
  });
}

const results = [];
for (const engine of engines) {
  const summaryPath = resolve(root, `test-results/summary-${engine}.json`);
  rmSync(summaryPath, { force: true });
  const started = Date.now();
  console.log(`\n=== ${engine} ===`);
  let code = 1;
  let driver;
  try {
    driver = engine === 'webkit' ? await startWebKitDriver() : { env: {}, stop: async () => {} };
    code = await runWtr(engine, driver.env);
  } catch (error) {
    console.error(`${engine}: ${error.message}`);
  } finally {
    await driver?.stop();
  }
  const summary = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, 'utf8')) : null;
  const seconds = Math.round((Date.now() - started) / 1000);
  const passed = summary?.passed ?? 0;
  const ok = code === 0 && summary?.ok === true;
  // A run that failed without a failing test (coverage, a crash before reporting) counts as one failure.
  const failedTests = (summary?.failed ?? 0) + (summary?.sessionErrors ?? 0);
  const failed = !ok && failedTests === 0 ? 1 : failedTests;
  results.push({
    engine,
    ok,
    passed,
    failed,
    limited: summary?.limited ?? 0,
    seconds,
  });
}

console.log('');
for (const r of results) {
  console.log(
    `${r.ok ? 'PASS' : 'FAIL'} ${r.engine}: ${r.passed} passed, ${r.failed} failed, ${r.limited} limited to other engines (${r.seconds} s)`,
  );
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
