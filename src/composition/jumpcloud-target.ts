import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedDocument } from '../../emulator/context';
import { readEmulatorOptionsFile, type EmulatorOptionsFile } from '../../emulator/option-switches';
import { startEmulator } from '../../emulator/server';
import { ConfigError, type BridgeConfig } from '../config/load-config';
import { projectRoot } from '../project-root';

/** Where the bridge sends its JumpCloud calls, and with which key. */
export interface JumpCloudTarget {
  mode: 'jumpcloud' | 'emulator';
  /** Origin override for the client (unset = the region's JumpCloud hosts). */
  baseUrl?: string;
  apiKey: string;
  /** Stops the embedded emulator, if one was started. */
  close(): Promise<void>;
}

/** The sample directory shipped with the project, loaded when no seed file is configured. */
export function defaultSeedPath(): string {
  return join(projectRoot(), 'emulator', 'seeds', 'default.seed.json');
}

/** Reads a seed file, failing with a message that names the file. */
export function readSeedFile(path: string): SeedDocument {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SeedDocument;
  } catch (err) {
    throw new Error(`Cannot load emulator seed ${path}: ${(err as Error).message}`);
  }
}

/**
 * The embedded emulator's behaviour switches from EMULATOR_OPTIONS_FILE (none when unset). A file
 * that cannot be read, is not JSON, or names an unknown switch or value is a configuration error:
 * the start stops with the file's name and what to fix, like every other bad setting.
 */
export function readEmbeddedEmulatorOptions(path: string | undefined): EmulatorOptionsFile {
  if (path === undefined) return {};
  try {
    return readEmulatorOptionsFile(path);
  } catch (err) {
    throw new ConfigError([`EMULATOR_OPTIONS_FILE: ${(err as Error).message}`]);
  }
}

/**
 * Resolves the JumpCloud the bridge talks to: the real one when a key is configured, otherwise
 * the embedded emulator on 127.0.0.1 (seeded, with EMULATOR_OPTIONS_FILE's switches), so a fresh
 * checkout runs with no JumpCloud account.
 */
export async function resolveJumpCloudTarget(config: BridgeConfig): Promise<JumpCloudTarget> {
  if (config.jumpcloud.apiKey) {
    return { mode: 'jumpcloud', baseUrl: config.jumpcloud.baseUrl, apiKey: config.jumpcloud.apiKey, close: async () => undefined };
  }
  const switches = readEmbeddedEmulatorOptions(config.emulator.optionsFile);
  const apiKey = config.emulator.apiKey ?? `emu_${randomBytes(18).toString('hex')}`;
  const seed = readSeedFile(config.emulator.seedFile ?? defaultSeedPath());
  const emulator = await startEmulator({ port: config.emulator.port, host: '127.0.0.1', options: { ...switches, apiKey }, seed });
  return { mode: 'emulator', baseUrl: emulator.url, apiKey, close: () => emulator.close() };
}
