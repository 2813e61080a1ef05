#!/usr/bin/env node
import { Command } from 'commander';
import { BRIDGE_VERSION } from '../version';
import { registerAudit } from './audit.command';
import { registerCalibrate } from './calibrate.command';
import { registerCheck } from './check.command';
import { registerEmulator } from './emulator.command';
import { registerHealthcheck } from './healthcheck.command';
import { registerReplay } from './replay.command';
import { registerServe } from './serve.command';

/** The one binary: `serve` (default), `emulator`, `healthcheck`, `audit`, `check`, `calibrate`, and the subcommands later work adds. */
export function buildCli(): Command {
  const program = new Command('jumpcloud-scim-bridge')
    .description('SCIM 2.0 service provider in front of JumpCloud')
    .version(BRIDGE_VERSION);
  registerServe(program);
  registerEmulator(program);
  registerHealthcheck(program);
  registerReplay(program);
  registerAudit(program);
  registerCheck(program);
  registerCalibrate(program);
  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error((err as Error).message);
      process.exit(1);
    });
}
