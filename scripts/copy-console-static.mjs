// `npm run build`, last step: puts the console's static files (the page and its style sheet) beside
// the scripts tsc compiled into dist/console, so that the bridge serves one folder. No bundler, no
// network: the console has no run-time dependency to copy (its chart is drawn as SVG by chart.ts).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'console');
mkdirSync(target, { recursive: true });
for (const file of ['index.html', 'styles.css']) {
  copyFileSync(join(root, 'console', file), join(target, file));
}
