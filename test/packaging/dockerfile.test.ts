import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../../src/cli/main';
import { execForm, parseDockerfile, type Instruction, type Stage } from './dockerfile-parser';

const ROOT = join(__dirname, '..', '..');
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const final = stages.at(-1) as Stage;
const build = stages.find((stage) => stage.name === 'build') as Stage;
const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const subcommands = buildCli().commands.map((command) => command.name());

const all = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword);
const only = (stage: Stage, keyword: string): Instruction => {
  const found = all(stage, keyword);
  expect(found).toHaveLength(1);
  return found[0] as Instruction;
};

/** Whether .dockerignore keeps `path` out of the build context (last matching pattern wins, `!` re-includes). */
function ignored(path: string): boolean {
  const parts = path.replace(/^\.\//, '').replace(/\/$/, '').split('/');
  let verdict = false;
  for (const raw of ignore) {
    const negated = raw.startsWith('!');
    const pattern = new RegExp(`^${(negated ? raw.slice(1) : raw).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    // A pattern that matches a folder excludes everything in it.
    for (let depth = 1; depth <= parts.length; depth++) if (pattern.test(parts.slice(0, depth).join('/'))) verdict = !negated;
  }
  return verdict;
}

/** `node dist/src/cli/main.js <subcommand> ...`: the compiled entry point must come from a real source file. */
function expectCliCall(words: readonly string[]): string {
  const [node, script, subcommand] = words;
  expect(node).toBe('node');
  expect(script).toBe('dist/src/cli/main.js');
  expect(existsSync(join(ROOT, 'src', 'cli', 'main.ts'))).toBe(true);
  return subcommand as string;
}

describe('Dockerfile', () => {
  it('is multi-stage: a named build stage, then a final stage on a slim base', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(final.name).toBeUndefined();
    expect(final.image).toMatch(/^node:20[-.\w]*-(slim|alpine)$|distroless/);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = all(final, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = (users.at(-1) as Instruction).args.trim();
    expect(user).not.toMatch(/^(root|0)(:.*)?$/);
    // Nothing after the USER switches back or runs as root.
    const after = final.instructions.slice(final.instructions.indexOf(users.at(-1) as Instruction));
    expect(after.filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('checks health with a subcommand the CLI really has (exec form: slim images have no curl)', () => {
    const healthcheck = only(final, 'HEALTHCHECK');
    const words = execForm(healthcheck.args.replace(/^.*?CMD\s+/, ''));
    expect(words).toBeDefined();
    const subcommand = expectCliCall(words as string[]);
    expect(subcommands).toContain(subcommand);
    expect(subcommand).toBe('healthcheck');
  });

  it('starts the CLI: `serve` by default, so `emulator` and `check` run from the same image', () => {
    const entrypoint = execForm(only(final, 'ENTRYPOINT').args) as string[];
    const cmd = execForm(only(final, 'CMD').args) as string[];
    expect(expectCliCall([...entrypoint, ...cmd])).toBe('serve');
    for (const name of ['serve', 'emulator', 'check', 'healthcheck']) expect(subcommands).toContain(name);
  });

  it('copies only sources that exist in the repository and that .dockerignore lets in', () => {
    const copies = stages.flatMap((stage) => all(stage, 'COPY').filter((i) => i.flags.from === undefined));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const words = copy.args.split(/\s+/);
      for (const source of words.slice(0, -1)) {
        expect({ source, exists: existsSync(join(ROOT, source)), ignored: ignored(source) }).toEqual({ source, exists: true, ignored: false });
      }
    }
  });

  it('copies between stages only from a stage defined before', () => {
    stages.forEach((stage, index) => {
      for (const copy of all(stage, 'COPY').filter((i) => i.flags.from !== undefined)) {
        expect(stages.slice(0, index).map((s) => s.name)).toContain(copy.flags.from);
      }
    });
  });

  it('downloads no binaries at build time: no curl or wget, no ADD of a URL, better-sqlite3 from source', () => {
    for (const stage of stages) {
      for (const run of all(stage, 'RUN')) expect(run.args).not.toMatch(/\b(curl|wget)\b/);
      for (const add of all(stage, 'ADD')) expect(add.args).not.toMatch(/https?:\/\//);
    }
    expect(all(build, 'ENV').map((i) => i.args).join(' ')).toMatch(/npm_config_build_from_source=true/);
  });

  it('keeps dev dependencies out of the final stage', () => {
    const runs = all(build, 'RUN').map((i) => i.args);
    // The build stage installs everything to compile, then prunes to production dependencies...
    expect(runs.some((args) => /\bnpm ci\b/.test(args))).toBe(true);
    expect(runs.some((args) => /\bnpm prune --omit=dev\b/.test(args))).toBe(true);
    // ...and the final stage installs nothing: it copies the pruned node_modules.
    for (const run of all(final, 'RUN')) expect(run.args).not.toMatch(/\b(npm|yarn|pnpm)\s+(ci|install|i|add)\b/);
    expect(all(final, 'COPY').some((i) => i.flags.from === 'build' && i.args.startsWith('/app/node_modules '))).toBe(true);
  });

  it('ships the data files the code reads at run time (schemas, emulator seeds), the JSON it imports (dist/schemas) and the console (dist/console)', () => {
    const targets = all(final, 'COPY').map((i) => i.args.split(/\s+/).at(-1));
    expect(targets).toEqual(expect.arrayContaining(['./schemas', './emulator/seeds', './dist/src', './dist/emulator', './dist/schemas', './dist/console']));
    // npm run build compiles the console from console/ with scripts/copy-console-static.mjs: both must reach the build stage.
    const buildSources = all(build, 'COPY').map((i) => i.args.split(/\s+/).at(-1));
    expect(buildSources).toEqual(expect.arrayContaining(['./console', './scripts']));
    for (const path of ['console/index.html', 'scripts/copy-console-static.mjs']) expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: false });
    expect(existsSync(join(ROOT, 'emulator', 'seeds', 'default.seed.json'))).toBe(true);
  });

  it('.dockerignore keeps secrets, local state and builds out of the build context', () => {
    for (const path of ['.env', '.git', 'node_modules', 'dist', 'data', 'data/bridge.db', 'test']) expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    expect(ignored('src/cli/main.ts')).toBe(false);
  });
});
