import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * "Every string translated": the console's sources name translation keys only.
 * en-US is typed as zh-CN (tsc refuses a missing or extra key); this checks
 * that every key the code asks for exists and that no text is written inline.
 */
const SRC = fileURLToPath(new URL('../../../web-ui/src/', import.meta.url));

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });

/** The dictionary is a plain object literal: evaluated as such (a test, not the app). */
function dictionary(file: string): Record<string, unknown> {
  const src = readFileSync(path.join(SRC, 'i18n', file), 'utf8');
  const body = src.slice(src.indexOf('= {') + 2).replace(/;\s*$/, '');
  return new Function(`return (${body});`)() as Record<string, unknown>;
}

const lookup = (dict: Record<string, unknown>, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], dict);

const code = files(SRC).filter((f) => !f.includes(`${path.sep}i18n${path.sep}`));

t.test('the console sources are there to check', async (t) => {
  t.ok(code.length > 20, `${code.length} source files`);
});

t.test('every literal translation key the console uses exists in Chinese', async (t) => {
  const zh = dictionary('zh-CN.ts');
  // the call-center pages keep their strings in their own file, merged per namespace at run time
  const cc = dictionary('callcenter.zh-CN.ts');
  const kb = dictionary('kb.zh-CN.ts');
  const phone = dictionary('phone.zh-CN.ts');
  const missing: string[] = [];
  let checked = 0;
  for (const f of code) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) {
      checked++;
      if (![zh, cc, kb, phone].some((d) => typeof lookup(d, m[1]!) === 'string'))
        missing.push(`${path.basename(f)}: ${m[1]}`);
    }
  }
  t.ok(checked > 150, `${checked} keys checked`);
  t.same(missing, [], 'no missing keys');
});

t.test('no Chinese text is written outside the dictionaries', async (t) => {
  const found = code.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      // comments may be in any language; the language names in the switch are shown as such on purpose
      .filter(({ line }) => /[\u4e00-\u9fff]/.test(line.replace(/\/\/.*$|\/\*.*$|^\s*\*.*$/, '')))
      .filter(({ line }) => !line.includes("'简体中文'"))
      .map(({ line, i }) => `${path.basename(f)}:${i + 1}: ${line.trim()}`),
  );
  t.same(found, []);
});

t.test('no words are written as JSX text', async (t) => {
  const found = code.flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/>\s*([^<>{}\n]*[A-Za-z\u4e00-\u9fff][^<>{}\n]*?)\s*<\//g)].map(
      (m) => `${path.basename(f)}: ${m[1]}`,
    ),
  );
  t.same(found, []);
});
