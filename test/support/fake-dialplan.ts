import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface DialplanItem {
  context: string;
  extension?: string;
  include?: string;
}

/**
 * What `ShowDialPlan` would list after pbx_config read the generated
 * extensions_*.conf in `dir`: one item per extension (first priority only)
 * and per include. A stand-in for tests without Asterisk; naive on purpose
 * (no templates, no `same =>` priorities).
 */
export function generatedDialplan(dir: string): DialplanItem[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^extensions_.*\.conf$/.test(f));
  } catch {
    return [];
  }
  const items: DialplanItem[] = [];
  for (const f of files.sort()) {
    let context = '';
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const section = /^\[([^\]]+)\]/.exec(line);
      const exten = /^exten\s*=>\s*([^,]+),/.exec(line);
      const include = /^include\s*=>\s*(\S+)/.exec(line);
      if (section) context = section[1]!;
      else if (exten) items.push({ context, extension: exten[1]! });
      else if (include) items.push({ context, include: include[1]! });
    }
  }
  return items;
}
