import type { ChildProcess } from 'node:child_process';
import { recordOutput } from './scan-state';

/**
 * Records what a child process the test spawned prints (stdout and stderr, as `<name> stdout`
 * and `<name> stderr`) for the log scan, whole lines only: a secret split across two chunks is
 * still found. The last, unterminated line is recorded when the stream ends.
 */
export function captureChildOutput(name: string, child: ChildProcess): void {
  for (const [stream, label] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    if (!stream) continue;
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const end = text.lastIndexOf('\n');
      partial = text.slice(end + 1);
      if (end >= 0) recordOutput(`${name} ${label}`, text.slice(0, end));
    });
    stream.on('end', () => {
      if (partial !== '') recordOutput(`${name} ${label}`, partial);
      partial = '';
    });
  }
}
