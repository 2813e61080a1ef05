import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The folder holding the project's package.json, from source (ts-jest) and from `dist/` alike, so
 * shipped data files (schemas, emulator seeds) are found wherever the code runs from.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  // tsc copies package.json into dist/ (it is imported for the version): the project is above it.
  if (basename(dir) === 'dist' && existsSync(join(dirname(dir), 'package.json'))) dir = dirname(dir);
  cached = dir;
  return dir;
}
