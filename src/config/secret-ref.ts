import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * Where a secret of the tenants file is read from: an environment variable or a file, exactly one.
 * The file itself never holds a secret, so it can be reviewed, versioned and shared.
 */
export type SecretRef = { env: string; file?: undefined } | { file: string; env?: undefined };

/** A resolved secret, or why it could not be (naming the variable or path, never a value). */
export type ResolvedSecret = { value: string } | { problem: string };

/**
 * Reads one secret reference: the variable from `env`, or the file (a relative path taken from
 * `baseDir`, the tenants file's folder, so the file means the same whatever the working directory).
 * A missing, empty or unreadable source is a problem, never an empty secret.
 */
export function resolveSecretRef(ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv): ResolvedSecret {
  if (ref.env !== undefined) {
    const value = env[ref.env];
    if (value === undefined) return { problem: `environment variable ${ref.env} is not set` };
    if (value === '') return { problem: `environment variable ${ref.env} is empty` };
    return { value };
  }
  const path = isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
  let text: string;
  try {
    // A trailing newline is an artefact of how secret files are written, never part of the secret.
    text = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    return { problem: `cannot read file "${path}" (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})` };
  }
  return text === '' ? { problem: `file "${path}" is empty` } : { value: text };
}
