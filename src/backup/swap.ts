import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../fs/write-atomic.js';
import type { Logger } from '../log.js';
import type { Settings } from '../settings.js';

/** Suffix of what a restore staged beside its target. */
export const STAGED = '.restore-staged';
/** Suffix of what a restore moved aside (the database's copy is kept; trees are removed once swapped). */
const ASIDE = '.pre-restore';
/**
 * A file tree is staged inside its own folder and swapped entry by entry: on
 * the appliance those folders are mount points (the data partition bound
 * onto them) whose parents hotlined may not write, so the folder itself
 * never moves. A backup leaves these two names out (sources.ts).
 */
export const TREE_STAGED = STAGED;
export const TREE_ASIDE = ASIDE;
export const stagedTreeOf = (dir: string) => path.join(dir, TREE_STAGED);

export interface SwapPlan {
  createdAt: string;
  manifest: Record<string, unknown>;
  swaps: { target: string; staged: string; database?: boolean }[];
}

export const planFile = (settings: Settings) => path.join(settings.dataDir, 'restore-plan.json');
/** Left by a swap for the backup module to audit once the restored database is open. */
export const doneFile = (settings: Settings) => path.join(settings.dataDir, 'restore-done.json');

const dbCompanions = (file: string) => [file, `${file}-wal`, `${file}-shm`];

/**
 * Applied at start, before the database opens: each staged target replaces
 * the one in use by renames (the old one moved aside). A failure part way
 * puts back what was swapped, so the box comes up as it was, never half
 * restored. Returns whether a restore was applied.
 */
export function applyStagedRestore(settings: Settings, log: Logger): boolean {
  const file = planFile(settings);
  if (!existsSync(file)) return false;
  const plan = JSON.parse(readFileSync(file, 'utf8')) as SwapPlan;
  const done: (() => void)[] = [];
  try {
    for (const s of plan.swaps) {
      if (!existsSync(s.staged)) throw new Error(`staged ${s.staged} is missing`);
      if (s.database) {
        for (const f of dbCompanions(s.target)) {
          const aside = `${f}${ASIDE}`;
          rmSync(aside, { force: true });
          if (!existsSync(f)) continue;
          renameSync(f, aside);
          done.push(() => renameSync(aside, f));
        }
        renameSync(s.staged, s.target);
        done.push(() => renameSync(s.target, s.staged));
        continue;
      }
      const aside = path.join(s.target, TREE_ASIDE);
      rmSync(aside, { recursive: true, force: true });
      mkdirSync(aside, { mode: 0o700 });
      for (const name of readdirSync(s.target)) {
        if (name === TREE_STAGED || name === TREE_ASIDE) continue;
        renameSync(path.join(s.target, name), path.join(aside, name));
        done.push(() => renameSync(path.join(aside, name), path.join(s.target, name)));
      }
      for (const name of readdirSync(s.staged)) {
        renameSync(path.join(s.staged, name), path.join(s.target, name));
        done.push(() => renameSync(path.join(s.target, name), path.join(s.staged, name)));
      }
    }
  } catch (err) {
    for (const undo of done.reverse()) {
      try {
        undo();
      } catch (e) {
        log.error({ err: e }, 'putting back a file after a failed restore failed');
      }
    }
    rmSync(file, { force: true });
    log.error({ err }, 'restore failed: the box keeps its data as it was');
    return false;
  }
  for (const s of plan.swaps) {
    if (s.database) continue;
    rmSync(path.join(s.target, TREE_ASIDE), { recursive: true, force: true });
    rmSync(s.staged, { recursive: true, force: true });
  }
  writeAtomic(doneFile(settings), JSON.stringify({ ...plan, appliedAt: new Date().toISOString() }), 0o600);
  rmSync(file, { force: true });
  log.warn(
    { from: plan.manifest },
    'backup restored; the previous database is kept as hotline.db.pre-restore',
  );
  return true;
}
