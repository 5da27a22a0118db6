/**
 * A PATCH body's fields over the record: a field left out (undefined) keeps
 * its value; `null` is a value (it clears a nullable field).
 */
export function patched<T extends object>(before: T, patch: { [K in keyof T]?: T[K] | undefined }): T {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...before, ...set } as T;
}
