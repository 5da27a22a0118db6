import path from 'node:path';
import { hardwarePaths } from '../hardware/tools.js';
import { recordingsRoot } from '../recordings/index.js';
import { hostPath, type Settings } from '../settings.js';

export interface WritePath {
  /** What hotlined writes there (for the docs and a failing test's message). */
  what: string;
  path: string;
}

/**
 * Every place hotlined creates, replaces or deletes files, as the domains
 * compute them from the settings. The appliance's unit runs hotlined with
 * ProtectSystem=strict: a directory missing from its ReadWritePaths is
 * read-only, and the feature writing there fails only on the appliance
 * (test/unit/appliance-unit.test.ts keeps the two in step).
 */
export function writePaths(settings: Settings): WritePath[] {
  const hw = hardwarePaths(settings);
  const spool = hostPath(settings, settings.asterisk.spoolDir);
  return [
    { what: 'database, TLS key, TTS cache, ticket attachments', path: settings.dataDir },
    { what: 'database (when dbPath is set apart)', path: path.dirname(settings.dbPath) },
    { what: 'generated Asterisk config', path: settings.generatedDir },
    { what: 'uploaded and synthesised prompts', path: hostPath(settings, settings.asterisk.promptDir) },
    // voicemail/index.ts: <spoolDir>/voicemail/<context>; messages are deleted there
    { what: 'voicemail messages (delete)', path: path.join(spool, 'voicemail') },
    { what: 'call recordings (retention, delete)', path: recordingsRoot(settings) },
    { what: 'DAHDI config (E1 apply)', path: hw.dahdiDir },
    { what: 'DAHDI module options (E1 apply)', path: path.dirname(hw.modprobeFile) },
    // a read-only SQLite reader still maps the WAL index (-shm) of a WAL database
    { what: 'CDR spool (SQLite reader), PRI/MFC-R2 traces', path: path.dirname(settings.asterisk.cdrSpool) },
  ];
}
