import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { backupRoutes } from './routes.js';
import { type BackupService, createBackupService } from './service.js';
import { createBackupStore } from './store.js';
import { supportBundle } from './support-bundle.js';
import { doneFile } from './swap.js';

export type { BackupService } from './service.js';
export { applyStagedRestore } from './swap.js';

/**
 * Backups and restores (/api/v1/backup): archives taken now or daily,
 * downloaded, uploaded, restored (staged, then swapped in at the next
 * start), and the support bundle.
 */
export function createBackup(
  core: Pick<Core, 'settings' | 'db' | 'audit' | 'log'>,
  deps: { requireRole: RequireRole; health: () => unknown; requestRestart: () => void },
): HotlineModule<BackupService> {
  const service = createBackupService({
    db: core.db,
    settings: core.settings,
    store: createBackupStore(core.db),
    audit: core.audit,
    log: core.log.child({ component: 'backup' }),
    requestRestart: deps.requestRestart,
  });
  const makeBundle = () => supportBundle({ db: core.db, settings: core.settings, health: deps.health });
  return {
    name: 'backup',
    service,
    routes: [mount('/backup', backupRoutes(service, deps.requireRole, makeBundle))],
    start() {
      const done = doneFile(core.settings);
      if (existsSync(done)) {
        service.recordApplied(JSON.parse(readFileSync(done, 'utf8')));
        rmSync(done, { force: true });
      }
      service.start();
    },
    stop: () => service.stop(),
  };
}
