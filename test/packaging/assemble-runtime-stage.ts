import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parseDockerfile, type Instruction, type Stage } from './dockerfile-parser';

/** The runtime stage's file tree, assembled in a temporary folder, and how to run its entry point. */
export interface RuntimeStage {
  /** The build stage's `/app`: sources, the pruned node_modules and `dist/`. */
  buildDir: string;
  /** The runtime stage's `/app`: exactly what its `COPY --from=build` lines put there. */
  appDir: string;
  /** The runtime stage's ENV, with `/app` paths moved into `appDir`. */
  env: Record<string, string>;
  /** ENTRYPOINT then CMD (exec form) as the Dockerfile says them. */
  entrypoint: string[];
  cmd: string[];
  /** Seconds each step took, to keep the test's cost visible. */
  timings: Record<string, number>;
}

/** A user that can never own the tree: the image's files are root's and read-only to the process. */
export interface UnprivilegedUser {
  uid: number;
  gid: number;
}

const APP = '/app';

/** `/app/x` (the image's WORKDIR) as the same path under `dir`; relative paths are taken from WORKDIR. */
function underApp(dir: string, imagePath: string): string {
  const absolute = posix.isAbsolute(imagePath) ? imagePath : posix.join(APP, imagePath);
  const relative = posix.relative(APP, absolute);
  if (relative.startsWith('..')) throw new Error(`${imagePath} is outside ${APP}: this test only models ${APP}`);
  return join(dir, relative);
}

/** `cp -a` (modes, symlinks as links): what Docker's COPY of a folder or file does, owner aside. */
function copy(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  execFileSync('cp', ['-a', '--', source, target]);
}

/**
 * `cp -al`: the same tree as hard links, in a fraction of a second instead of tens of seconds for
 * node_modules. Safe only for trees that are then changed by removing files (prune, `rm -rf`),
 * never by writing into one: `unshare` below gives a private copy to the one file npm rewrites.
 * Falls back to a real copy across file systems.
 */
function link(source: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  try {
    execFileSync('cp', ['-al', '--', source, target], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch {
    rmSync(target, { recursive: true, force: true });
    copy(source, target);
  }
}

/** Replaces a hard link by a private copy, so writing the file here leaves the other name's content alone. */
function unshare(file: string): void {
  if (!existsSync(file)) return;
  const content = readFileSync(file);
  rmSync(file);
  writeFileSync(file, content);
}

function timed<T>(timings: Record<string, number>, step: string, work: () => T): T {
  const started = process.hrtime.bigint();
  try {
    return work();
  } finally {
    timings[step] = Number(process.hrtime.bigint() - started) / 1e9;
  }
}

/** `KEY=value KEY2=value2` (ENV's one-line form), unquoted values only: what this Dockerfile uses. */
function envPairs(instructions: readonly Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructions.filter((i) => i.keyword === 'ENV')) {
    for (const word of instruction.args.trim().split(/\s+/)) {
      const at = word.indexOf('=');
      if (at <= 0) throw new Error(`line ${instruction.line}: ENV ${word} is not KEY=value`);
      env[word.slice(0, at)] = word.slice(at + 1);
    }
  }
  return env;
}

/**
 * The build stage's RUN lines that the test replays as written. Two are stood in for: installing
 * the compiler toolchain (apt-get: this machine has one) and `npm ci` (the project's own
 * node_modules, installed from the same package-lock.json, is copied in its place: a fresh
 * `npm ci` would need the registry and minutes). Everything else (`npm run build`,
 * `npm prune --omit=dev`, the clean-up of better-sqlite3) runs exactly as the Dockerfile says.
 */
function replayedRuns(build: Stage): Instruction[] {
  return build.instructions.filter((i) => i.keyword === 'RUN' && !/^apt-get\b/.test(i.args.trim()) && !/^npm ci\b/.test(i.args.trim()));
}

/**
 * Builds the image without Docker: the build stage in one temporary folder (its COPY lines from
 * the repository, node_modules copied from `projectRoot`, its RUN lines replayed), then the
 * runtime stage in another from its `COPY --from=build` lines alone, so a file the runtime needs
 * but no COPY line names is missing here as it would be in the image. Files are left owned by the
 * caller (root in CI's container, as `--chown=root:root` says) and the data folders made by the
 * runtime stage's `mkdir -p` are given to `user`, as its `chown node:node` does.
 */
export function assembleRuntimeStage(projectRoot: string, user: UnprivilegedUser | undefined): RuntimeStage {
  const stages = parseDockerfile(readFileSync(join(projectRoot, 'Dockerfile'), 'utf8'));
  const build = stages.find((stage) => stage.name === 'build');
  const runtime = stages.at(-1);
  if (!build || !runtime || runtime === build) throw new Error('the Dockerfile needs a stage named build and a runtime stage after it');
  for (const stage of [build, runtime]) {
    const workdir = stage.instructions.find((i) => i.keyword === 'WORKDIR')?.args.trim();
    if (workdir !== APP) throw new Error(`this test models WORKDIR ${APP}, the Dockerfile says ${workdir}`);
  }

  const timings: Record<string, number> = {};
  const buildDir = mkdtempSync(join(tmpdir(), 'image-build-'));
  for (const instruction of build.instructions.filter((i) => i.keyword === 'COPY' && i.flags.from === undefined)) {
    const words = instruction.args.trim().split(/\s+/);
    const target = words.at(-1) as string;
    const sources = words.slice(0, -1);
    // `COPY a b ./` copies each into the folder; `COPY src ./src` copies one onto the name.
    for (const source of sources) {
      copy(join(projectRoot, source), target.endsWith('/') ? join(underApp(buildDir, target), posix.basename(source)) : underApp(buildDir, target));
    }
  }
  const buildEnv = envPairs(build.instructions);
  timed(timings, 'node_modules (for npm ci)', () => {
    link(realpathSync(join(projectRoot, 'node_modules')), join(buildDir, 'node_modules'));
    // npm rewrites its hidden lockfile in place when it prunes: the project's must not change.
    unshare(join(buildDir, 'node_modules', '.package-lock.json'));
  });
  for (const run of replayedRuns(build)) {
    timed(timings, `RUN at line ${run.line}`, () =>
      execFileSync('sh', ['-ec', run.args], {
        cwd: buildDir,
        // Offline: the registry is out of reach here, and prune needs nothing from it.
        env: { ...process.env, ...buildEnv, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  const appDir = mkdtempSync(join(tmpdir(), 'image-runtime-'));
  // mkdtemp makes a 0700 folder; the image's /app is 0755, readable by the unprivileged user.
  chmodSync(appDir, 0o755);
  timed(timings, 'COPY --from=build', () => {
    for (const instruction of runtime.instructions.filter((i) => i.keyword === 'COPY')) {
      if (instruction.flags.from !== build.name) throw new Error(`line ${instruction.line}: the runtime stage copies only from the build stage`);
      const [source, target, ...extra] = instruction.args.trim().split(/\s+/);
      if (!source || !target || extra.length > 0) throw new Error(`line ${instruction.line}: COPY --from=build takes one source and one target here`);
      // Both trees are this test's own: linking them is a copy nothing writes into afterwards.
      link(underApp(buildDir, source), underApp(appDir, target));
    }
  });
  for (const run of runtime.instructions.filter((i) => i.keyword === 'RUN')) {
    for (const match of run.args.matchAll(/\bmkdir -p ((?:\S+\s*)+?)(?:&&|$)/g)) {
      for (const folder of (match[1] as string).trim().split(/\s+/)) {
        const made = underApp(appDir, folder);
        mkdirSync(made, { recursive: true });
        if (user) chownSync(made, user.uid, user.gid);
      }
    }
  }

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(envPairs(runtime.instructions))) env[key] = value.startsWith(`${APP}/`) ? underApp(appDir, value) : value;
  const words = (keyword: string): string[] => {
    const args = runtime.instructions.filter((i) => i.keyword === keyword).at(-1)?.args ?? '[]';
    if (!args.trim().startsWith('[')) throw new Error(`${keyword} must be in exec form`);
    return JSON.parse(args) as string[];
  };
  return { buildDir, appDir, env, entrypoint: words('ENTRYPOINT'), cmd: words('CMD'), timings };
}

/** `nobody` when this process may switch to it (root), else undefined: the current user is already unprivileged. */
export function unprivilegedUser(): UnprivilegedUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
