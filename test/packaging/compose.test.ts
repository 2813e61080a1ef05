import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildCli } from '../../src/cli/main';
import { loadConfig } from '../../src/config/load-config';
import { SETTINGS, type SettingDefinition } from '../../src/config/settings';

const ROOT = join(__dirname, '..', '..');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
// `<<: *image` is a YAML 1.1 merge key, which compose supports.
const compose = parse(text, { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;
const settings = SETTINGS as readonly SettingDefinition[];
const settingNames = new Set(settings.map((s) => s.env));
const secretNames = new Set(settings.filter((s) => s.secret).map((s) => s.env));
const subcommands = buildCli().commands.map((command) => command.name());
const bridges = ['bridge', 'bridge-jumpcloud'] as const;
/** The scale profile's bridge replicas (README "Scaling out"). */
const replicas = ['bridge-a', 'bridge-b'] as const;
/** Services run from this repository's image (all but the official postgres one). */
const ownImage = Object.keys(services).filter((name) => name !== 'postgres');

const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`no service ${name} in docker-compose.yml`);
  return found;
};
const env = (name: string): Record<string, string> => service(name).environment ?? {};
/** The variable a `${VAR...}` value interpolates from .env. */
const interpolated = (value: string): string | undefined => /^\$\{([A-Z0-9_]+)/.exec(value)?.[1];
/** The default of `${VAR:-default}`. */
const fallback = (value: string): string | undefined => /^\$\{[A-Z0-9_]+:-([^}]*)\}$/.exec(value)?.[1];
/** A value as compose resolves it with an empty .env: `${VAR:-default}` gives its default. */
const resolved = (value: string): string => value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
const seconds = (duration: string): number => {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (!match) throw new Error(`unreadable duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
};

describe('docker-compose.yml', () => {
  it('holds the emulator and the bridge by default, the real-JumpCloud bridge and the replicas behind profiles', () => {
    expect(Object.keys(services).sort()).toEqual(['bridge', 'bridge-a', 'bridge-b', 'bridge-jumpcloud', 'emulator', 'postgres']);
    // `docker compose up` (no profile) starts exactly these two, as before the scale profile.
    expect(Object.keys(services).filter((name) => service(name).profiles === undefined).sort()).toEqual(['bridge', 'emulator']);
    expect(service('bridge-jumpcloud').profiles).toEqual(['jumpcloud']);
    for (const name of ['postgres', ...replicas]) expect({ name, profiles: service(name).profiles }).toEqual({ name, profiles: ['scale'] });
    // One image for every bridge and the emulator, built from this repository's Dockerfile.
    for (const name of ownImage) expect([service(name).build, service(name).image]).toEqual(['.', 'jumpcloud-scim-bridge:local']);
  });

  it('runs the emulator (seeded by default) from the same image, with a CLI subcommand that exists', () => {
    const command = service('emulator').command as string[];
    expect(subcommands).toContain(command[0]);
    expect(command[0]).toBe('emulator');
    // `--empty` would start it without the sample directory.
    expect(command).not.toContain('--empty');
    expect(command.slice(command.indexOf('--host'), command.indexOf('--host') + 2)).toEqual(['--host', '0.0.0.0']);
  });

  it('wires the bridge to the emulator: its URL and the key the emulator accepts', () => {
    const emulatorPort = (service('emulator').command as string[])[(service('emulator').command as string[]).indexOf('--port') + 1];
    expect(env('bridge').JUMPCLOUD_BASE_URL).toBe(`http://emulator:${emulatorPort}`);
    expect(interpolated(env('bridge').JUMPCLOUD_API_KEY as string)).toBe(interpolated(env('emulator').EMULATOR_API_KEY as string));
    expect(fallback(env('bridge').JUMPCLOUD_API_KEY as string)).toBe(fallback(env('emulator').EMULATOR_API_KEY as string));
    // The bridge starts once the emulator answers; the emulator's health check is its own (the
    // image's HEALTHCHECK probes the bridge's port).
    expect(service('bridge').depends_on).toEqual({ emulator: { condition: 'service_healthy' } });
    expect(service('emulator').healthcheck?.test.join(' ')).toContain('127.0.0.1:8089');
  });

  it('points the jumpcloud profile at a real JumpCloud, and refuses to start without the key and a SCIM token', () => {
    const real = env('bridge-jumpcloud');
    expect(real.JUMPCLOUD_BASE_URL).toBeUndefined();
    expect(real.JUMPCLOUD_API_KEY).toMatch(/^\$\{JUMPCLOUD_API_KEY:\?/);
    expect(real.SCIM_BEARER_TOKEN).toMatch(/^\$\{SCIM_BEARER_TOKEN:\?/);
    expect(service('bridge-jumpcloud').depends_on).toBeUndefined();
  });

  it('names only real settings in every environment of the image (or <SECRET>_FILE)', () => {
    for (const name of ownImage) {
      for (const variable of Object.keys(service(name).environment ?? {})) {
        const known = settingNames.has(variable) || (variable.endsWith('_FILE') && secretNames.has(variable.slice(0, -'_FILE'.length)));
        expect({ service: name, variable, known }).toEqual({ service: name, variable, known: true });
      }
    }
  });

  it('takes ports and secrets from .env: every interpolated variable is a setting, so .env.example is the .env', () => {
    const used = [...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1] as string);
    expect(used.length).toBeGreaterThan(0);
    for (const variable of used) expect({ variable, known: settingNames.has(variable) }).toEqual({ variable, known: true });
    // No secret is written into the file: each is interpolated (a local-stack default at most).
    for (const [name, svc] of Object.entries(services)) {
      for (const [variable, value] of Object.entries(svc.environment ?? {})) {
        if (secretNames.has(variable)) expect({ service: name, variable, interpolated: interpolated(value) !== undefined }).toEqual({ service: name, variable, interpolated: true });
      }
    }
  });

  it('publishes ports on loopback, from .env, onto the ports the programs listen on', () => {
    expect(service('emulator').ports).toEqual(['127.0.0.1:${EMULATOR_PORT:-8089}:8089']);
    for (const name of bridges) {
      expect(service(name).ports).toEqual([`127.0.0.1:\${PORT:-8080}:${env(name).PORT}`]);
    }
  });

  it('publishes each replica on its own loopback port, onto the port it listens on', () => {
    const published = replicas.map((name) => {
      const [port] = service(name).ports ?? [];
      const match = /^127\.0\.0\.1:(\d+):(\d+)$/.exec(port ?? '');
      expect({ name, port, loopback: match !== null }).toEqual({ name, port, loopback: true });
      expect(match?.[2]).toBe(env(name).PORT);
      return match?.[1];
    });
    // Beside the default bridge's port (which it keeps, so both stacks can run at once).
    const defaultPort = /^127\.0\.0\.1:\$\{PORT:-(\d+)\}:/.exec(service('bridge').ports?.[0] ?? '')?.[1];
    expect(defaultPort).toBeDefined();
    expect(new Set([...published, defaultPort]).size).toBe(3);
  });

  it('keeps the audit database and log on a named volume', () => {
    for (const name of bridges) {
      const mounts = (service(name).volumes ?? []).map((v) => v.split(':') as [string, string]);
      const [volume, target] = mounts.find(([, t]) => (env(name).AUDIT_DB_PATH as string).startsWith(`${t}/`)) ?? [];
      expect(target).toBe('/app/data');
      expect(Object.keys(compose.volumes)).toContain(volume);
      expect((env(name).AUDIT_LOG_FILE as string).startsWith(`${target}/`)).toBe(true);
    }
    // The two bridges never share a journal: one is about the emulator, the other a real organisation.
    expect(service('bridge').volumes).not.toEqual(service('bridge-jumpcloud').volumes);
  });

  it('gives each bridge longer to stop than its graceful-shutdown deadline', () => {
    const byDefault = Number(settings.find((s) => s.env === 'SHUTDOWN_TIMEOUT_SECONDS')?.default);
    for (const name of [...bridges, ...replicas]) {
      const value = env(name).SHUTDOWN_TIMEOUT_SECONDS;
      const deadline = value === undefined ? byDefault : Number(fallback(value) ?? value);
      expect(seconds(service(name).stop_grace_period as string)).toBeGreaterThan(deadline);
    }
  });

  describe('the scale profile: two replicas on one PostgreSQL', () => {
    it('gives both replicas one store and the same secrets (a cursor or token from one works on the other)', () => {
      for (const variable of ['DATABASE_URL', 'SCIM_CURSOR_SECRET', 'OAUTH_SIGNING_SECRET']) {
        expect({ variable, set: env('bridge-a')[variable] !== undefined }).toEqual({ variable, set: true });
      }
      // One environment for both: the store, the signing keys, the tokens and the mapping cannot differ.
      expect(env('bridge-b')).toEqual(env('bridge-a'));
    });

    it('points the replicas at the bundled postgres service, with the user, password and database it creates', () => {
      const url = new URL(resolved(env('bridge-a').DATABASE_URL as string));
      const postgres = env('postgres');
      expect([url.protocol, url.hostname, url.port]).toEqual(['postgres:', 'postgres', '5432']);
      expect([url.username, url.password, url.pathname]).toEqual([postgres.POSTGRES_USER, postgres.POSTGRES_PASSWORD, `/${postgres.POSTGRES_DB}`]);
      // .env may point them at another server instead (the bundled one then idles).
      expect(interpolated(env('bridge-a').DATABASE_URL as string)).toBe('DATABASE_URL');
    });

    it('runs the official postgres image on a named volume, healthy once pg_isready answers, unpublished', () => {
      const postgres = service('postgres');
      expect(postgres.image).toMatch(/^postgres:\d+(-alpine)?$/);
      expect(postgres.build).toBeUndefined();
      expect(postgres.ports).toBeUndefined();
      const [volume, target] = (postgres.volumes?.[0] ?? '').split(':');
      expect(Object.keys(compose.volumes)).toContain(volume);
      // From 18 the image's volume is /var/lib/postgresql (its data in <major>/docker below it).
      expect(target).toBe(Number(/^postgres:(\d+)/.exec(postgres.image as string)?.[1]) >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data');
      expect(postgres.healthcheck?.test.join(' ')).toMatch(new RegExp(`pg_isready -U ${env('postgres').POSTGRES_USER} -d ${env('postgres').POSTGRES_DB}`));
    });

    it('starts a replica once postgres is healthy and the emulator answers, on the one emulator the default bridge uses', () => {
      for (const name of replicas) {
        expect({ name, depends_on: service(name).depends_on }).toEqual({ name, depends_on: { postgres: { condition: 'service_healthy' }, emulator: { condition: 'service_healthy' } } });
        expect([env(name).JUMPCLOUD_BASE_URL, env(name).JUMPCLOUD_API_KEY]).toEqual([env('bridge').JUMPCLOUD_BASE_URL, env('bridge').JUMPCLOUD_API_KEY]);
      }
    });

    it('gives each replica a volume of its own for its JSON-lines audit log (the journal is in PostgreSQL)', () => {
      const volumes = replicas.map((name) => (service(name).volumes ?? [])[0]?.split(':') ?? []);
      expect(volumes.map(([, target]) => target)).toEqual(['/app/data', '/app/data']);
      expect(new Set(volumes.map(([volume]) => volume)).size).toBe(2);
      for (const [volume] of volumes) expect(Object.keys(compose.volumes)).toContain(volume);
      for (const name of replicas) expect((env(name).AUDIT_LOG_FILE as string).startsWith('/app/data/')).toBe(true);
    });

    it('is a configuration the bridge accepts with an empty .env (secrets long enough, the URL well formed)', () => {
      const environment = Object.fromEntries(Object.entries(env('bridge-a')).map(([variable, value]) => [variable, resolved(value)]));
      const config = loadConfig(environment);
      expect(config.database).toEqual({ url: environment.DATABASE_URL, poolSize: 10, ssl: 'off', sslCaFile: undefined });
      expect(config.cursor.secret).toBe(environment.SCIM_CURSOR_SECRET);
      expect(config.oauth.signingSecret).toBe(environment.OAUTH_SIGNING_SECRET);
    });

    it('leaves the default bridge on SQLite: no DATABASE_URL, its own volume', () => {
      for (const name of bridges) expect({ name, url: env(name).DATABASE_URL }).toEqual({ name, url: undefined });
      expect(service('bridge').volumes).toEqual(['bridge-data:/app/data']);
      expect(env('bridge').AUDIT_DB_PATH).toBe('/app/data/bridge.db');
    });
  });
});
