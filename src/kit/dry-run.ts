import type { Db } from '../db/index.js';

class DryRun extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back and returns what it
 * computed: the state a change would leave (the files, a DAHDI plan) without
 * keeping the change.
 */
export function dryRun<T>(db: Db, fn: () => T): T {
  let result: { value: T } | undefined;
  try {
    db.transaction(() => {
      result = { value: fn() };
      throw new DryRun();
    })();
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
  }
  return result!.value;
}
