import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { assembleRuntimeStage, unprivilegedUser, type RuntimeStage, type UnprivilegedUser } from './assemble-runtime-stage';
import { execForm, parseDockerfile } from './dockerfile-parser';
import { registerSecret } from '../support/log-scan/scan-state';
import { captureChildOutput } from '../support/log-scan/child-output';

// Issue 12, finding 9: the image built from the Dockerfile would not start (tsc puts imported
// JSON in dist/schemas/, which no COPY line shipped), and the tests that only parse the Dockerfile
// could not see it. Without a Docker engine, this assembles the runtime stage's files as its
// COPY --from=build lines say and runs every program of the image from them as an unprivileged user.

const ROOT = join(__dirname, '..', '..');
const API_KEY = `emu_${randomBytes(12).toString('hex')}`;
const SCIM_TOKEN = `scim_${randomBytes(18).toString('hex')}`;
/** Starting the emulator and the bridge takes a few seconds; a test that needs them may wait that long. */
const PROGRAM_TEST_TIMEOUT_MS = 45_000;
registerSecret('JumpCloud API key', API_KEY);
registerSecret('SCIM bearer token', SCIM_TOKEN);

/** A program of the image running as the unprivileged user, and what it printed so far. */
interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let stage: RuntimeStage;
let user: UnprivilegedUser | undefined;
const children: ChildProcess[] = [];
let programs: Promise<{ emulatorUrl: string; scimBaseUrl: string }> | undefined;

/** The image's `node ...` words with this machine's node binary (the image's is at the same place on PATH). */
function nodeWords(words: readonly string[]): string[] {
  const [node, ...rest] = words;
  if (node !== 'node') throw new Error(`the image runs ${node}, not node`);
  return [process.execPath, ...rest];
}

/**
 * Starts `words` in the runtime tree with the image's ENV plus `env`, as the unprivileged user when
 * this process can switch to it; what it prints is scanned for the secrets as `scanAs`.
 */
function start(words: readonly string[], env: Record<string, string>, scanAs?: string): Running {
  const [command, ...args] = nodeWords(words);
  const child = spawn(command as string, args, {
    cwd: stage.appDir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...stage.env, ...env },
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  if (scanAs) captureChildOutput(scanAs, child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Resolves the first capture of `pattern` in the program's output; rejects with that output if it exits first or takes too long. */
function waitFor(running: Running, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${running.output()}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = pattern.exec(running.output());
      if (match) finish(undefined, match[1] as string);
    }, 50);
    void running.exited.then((code) => finish(new Error(`exited ${code} before printing ${pattern}; output:\n${running.output()}`)));
    let done = false;
    function finish(error?: Error, value?: string): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (error) reject(error);
      else resolve(value as string);
    }
  });
}

/** Every `.js` file under `dir`. */
function javascriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(dir, name));
}

/** The bridge's JumpCloud: the image's own emulator program, reached over loopback. */
function jumpcloudEnv(emulatorUrl: string): Record<string, string> {
  return { JUMPCLOUD_API_KEY: API_KEY, JUMPCLOUD_BASE_URL: emulatorUrl, SCIM_BEARER_TOKEN: SCIM_TOKEN, HOST: '127.0.0.1', PORT: '0' };
}

/**
 * The image's `emulator`, then its default command (`serve`) pointed at it: started once, on the
 * first test that needs them, so the file test above still runs (and names what is missing) when
 * they cannot start.
 */
function startPrograms(): Promise<{ emulatorUrl: string; scimBaseUrl: string }> {
  programs ??= (async () => {
    // Not scanned: the emulator prints its API key on purpose (a local tool's banner), and is not the bridge.
    const emulator = start([...stage.entrypoint, 'emulator', '--port', '0', '--api-key', API_KEY], {});
    const emulatorUrl = await waitFor(emulator, /listening on (http:\/\/\S+)/);
    const serve = start([...stage.entrypoint, ...stage.cmd], { ...jumpcloudEnv(emulatorUrl), LOG_LEVEL: 'debug' }, 'serve');
    const scimBaseUrl = await waitFor(serve, /SCIM base URL\s+(http:\/\/\S+)/);
    return { emulatorUrl, scimBaseUrl };
  })();
  return programs;
}

beforeAll(async () => {
  user = unprivilegedUser();
  const started = Date.now();
  stage = assembleRuntimeStage(ROOT, user);
  // The cost of this test is the build (tsc, mostly): keep it visible. Not asserted: on a shared,
  // loaded machine it varies several-fold, and a test must not fail for the machine's load.
  console.info(`runtime stage assembled in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(stage.timings)}`);
}, 180_000);

afterAll(async () => {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      });
    }),
  );
  if (stage) for (const dir of [stage.buildDir, stage.appDir]) rmSync(dir, { recursive: true, force: true });
});

describe('the runtime image, assembled from the Dockerfile and run as an unprivileged user', () => {
  it('holds every file its compiled code requires by a relative path (JSON included)', () => {
    // The entry point loads every command, so one missing module stops every program at once;
    // this names the missing files instead of leaving a start-up to time out.
    const missing: string[] = [];
    for (const file of javascriptFiles(join(stage.appDir, 'dist'))) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const resolved = resolve(dirname(file), specifier as string);
        if (!['', '.js', '.json', '/index.js'].some((suffix) => existsSync(resolved + suffix))) missing.push(`${specifier} (from ${relative(stage.appDir, file)})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('emulator: answers the JumpCloud v1 API with its seed', async () => {
    const { emulatorUrl } = await startPrograms();
    const response = await fetch(`${emulatorUrl}/api/systemusers?limit=1`, { headers: { 'x-api-key': API_KEY, accept: 'application/json' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { totalCount: number; results: unknown[] };
    expect(body.totalCount).toBeGreaterThan(0);
    expect(body.results).toHaveLength(1);
  }, PROGRAM_TEST_TIMEOUT_MS);

  it('serve (the default CMD): answers SCIM from JumpCloud and journals in the data folder it may write', async () => {
    const { scimBaseUrl } = await startPrograms();
    const response = await fetch(`${scimBaseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${SCIM_TOKEN}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { schemas: string[]; totalResults: number };
    expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(body.totalResults).toBeGreaterThan(0);
    // The journal was written by the unprivileged user, in the one folder the image gives it.
    const journal = stage.env.AUDIT_DB_PATH as string;
    expect(existsSync(journal)).toBe(true);
    expect(statSync(journal).uid).toBe(user?.uid ?? process.getuid?.());
  }, PROGRAM_TEST_TIMEOUT_MS);

  it("healthcheck (the image's HEALTHCHECK command): exits 0 for the running bridge, 1 where none listens", async () => {
    const healthcheck = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))
      .at(-1)
      ?.instructions.find((i) => i.keyword === 'HEALTHCHECK') as { args: string };
    const words = execForm(healthcheck.args.replace(/^.*?CMD\s+/, '')) as string[];
    const port = new URL((await startPrograms()).scimBaseUrl).port;
    const healthy = start(words, { PORT: port }, 'healthcheck');
    expect({ code: await healthy.exited, output: healthy.output() }).toEqual({ code: 0, output: '' });
    // Port 1 is privileged and never the bridge's: the probe must fail there, or it proves nothing.
    const unhealthy = start(words, { PORT: '1' }, 'healthcheck');
    expect(await unhealthy.exited).toBe(1);
  }, PROGRAM_TEST_TIMEOUT_MS);

  it('check: passes every line against the emulator', async () => {
    const check = start([...stage.entrypoint, 'check'], jumpcloudEnv((await startPrograms()).emulatorUrl), 'check');
    const code = await check.exited;
    expect({ code, failures: check.output().split('\n').filter((line) => /\bFAIL\b/.test(line)) }).toEqual({ code: 0, failures: [] });
    expect(check.output()).toMatch(/PASS/);
  }, PROGRAM_TEST_TIMEOUT_MS + 30_000);
});
