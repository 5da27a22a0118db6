/** The call-center pages keep their strings in their own file; merged per namespace. */
export type Strings = { [key: string]: unknown };
const isStrings = (v: unknown): v is Strings => typeof v === 'object' && v !== null;

export function merge(a: Strings, b: Strings): Strings {
  const out: Strings = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    out[k] = isStrings(v) && isStrings(mine) ? merge(mine, v) : v;
  }
  return out;
}
