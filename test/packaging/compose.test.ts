import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildCli } from '../../src/cli/main';
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
const seconds = (duration: string): number => {
  const match = /^(\d+)(s|m)$/.exec(duration);
  if (!match) throw new Error(`unreadable duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
};

describe('docker-compose.yml', () => {
  it('holds the emulator and the bridge by default, and the real-JumpCloud bridge behind a profile', () => {
    expect(Object.keys(services).sort()).toEqual(['bridge', 'bridge-jumpcloud', 'emulator']);
    expect(service('emulator').profiles).toBeUndefined();
    expect(service('bridge').profiles).toBeUndefined();
    expect(service('bridge-jumpcloud').profiles).toEqual(['jumpcloud']);
    // One image for all three, built from this repository's Dockerfile.
    for (const name of Object.keys(services)) expect([service(name).build, service(name).image]).toEqual(['.', 'jumpcloud-scim-bridge:local']);
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

  it('names only real settings in every environment (or <SECRET>_FILE)', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const variable of Object.keys(svc.environment ?? {})) {
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
    for (const name of bridges) {
      const value = env(name).SHUTDOWN_TIMEOUT_SECONDS;
      const deadline = value === undefined ? byDefault : Number(fallback(value) ?? value);
      expect(seconds(service(name).stop_grace_period as string)).toBeGreaterThan(deadline);
    }
  });
});
