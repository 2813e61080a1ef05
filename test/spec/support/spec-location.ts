import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The three JumpCloud Swagger 2.0 documents the suite holds everything against. */
export const SPEC_FILES = {
  v1: 'JumpCloud.SDK.V1.json',
  v2: 'JumpCloud.SDK.V2.json',
  insights: 'JumpCloud.SDK.DirectoryInsights.json',
} as const;

/** Which of the three documents. */
export type SpecName = keyof typeof SPEC_FILES;

/** The project root: test/spec/support is three levels below it. */
const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The folder holding JumpCloud's spec files: `$JUMPCLOUD_SPEC_DIR`, else
 * `<project root>/../shared/reference/jumpcloud` (where CI puts /work/shared beside the clone).
 * Throws (so every suite fails loudly) when the folder or any of the three files is missing:
 * a fidelity suite that silently checks nothing would be worse than none.
 */
export function specDir(): string {
  const fromEnv = process.env.JUMPCLOUD_SPEC_DIR;
  const dir = fromEnv && fromEnv.trim() !== '' ? resolve(fromEnv) : resolve(PROJECT_ROOT, '..', 'shared', 'reference', 'jumpcloud');
  const missing = Object.values(SPEC_FILES).filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    throw new Error(
      `JumpCloud spec files not found: ${missing.join(', ')} missing in ${dir}. ` +
        'The fidelity suite (npm run test:spec) needs JumpCloud\'s OpenAPI documents: put the shared reference ' +
        'folder beside the clone as ../shared/reference/jumpcloud, or set JUMPCLOUD_SPEC_DIR to the folder holding ' +
        `${Object.values(SPEC_FILES).join(', ')}. Never copy them into the project.`,
    );
  }
  return dir;
}
