import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/golden in the source tree (tests run from dist/test/...). */
export const GOLDEN_DIR = fileURLToPath(new URL('../../../test/golden/', import.meta.url));

/**
 * Compares generated text with its golden file byte for byte. With
 * UPDATE_GOLDEN=1 (`UPDATE_GOLDEN=1 npx tap dist/test/unit/<name>.test.js`) the file is rewritten instead:
 * regenerating is always a deliberate act, reviewed in the diff.
 */
export function golden(name: string, actual: string): { expected: string; actual: string } {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1')
      throw new Error(`golden file missing: ${name} (run the test with UPDATE_GOLDEN=1)`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  return { expected: readFileSync(file, 'utf8'), actual };
}
