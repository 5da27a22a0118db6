import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { hostPath, type Settings } from '../settings.js';
import { TREE_ASIDE, TREE_STAGED } from './swap.js';

/**
 * The file trees a backup holds. `restore: false` ones are in the archive
 * for the record only: the generated Asterisk config is written again from
 * the restored database at start, and the base config carries this box's
 * own AMI/ARI secrets and the files of the version installed.
 */
export interface Tree {
  name: string;
  dir: string;
  restore: boolean;
  /** Only the files directly in `dir` (the base config: its `hotline/` folder is the generated tree). */
  flat?: boolean;
  recordings?: boolean;
}

export function backupTrees(settings: Settings): Tree[] {
  const spool = hostPath(settings, settings.asterisk.spoolDir);
  return [
    { name: 'tls', dir: path.join(settings.dataDir, 'tls'), restore: true },
    { name: 'ticket-attachments', dir: path.join(settings.dataDir, 'ticket-attachments'), restore: true },
    { name: 'prompts', dir: hostPath(settings, settings.asterisk.promptDir), restore: true },
    { name: 'voicemail', dir: path.join(spool, 'voicemail'), restore: true },
    { name: 'recordings', dir: path.join(spool, 'monitor', 'hotline'), restore: true, recordings: true },
    { name: 'asterisk-generated', dir: settings.generatedDir, restore: false },
    { name: 'asterisk-base', dir: settings.asterisk.confDir, restore: false, flat: true },
  ];
}

/** Regular files under `tree.dir`, relative paths sorted; [] when the folder does not exist. */
export function treeFiles(tree: Tree): { rel: string; size: number }[] {
  const out: { rel: string; size: number }[] = [];
  const walk = (rel: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(path.join(tree.dir, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      // a restore's staging folders are not part of the tree
      if (!rel && (e.name === TREE_STAGED || e.name === TREE_ASIDE)) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !tree.flat) walk(r);
      else if (e.isFile()) out.push({ rel: r, size: statSync(path.join(tree.dir, r)).size });
    }
  };
  walk('');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
