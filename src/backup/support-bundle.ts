import { execFile } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { redact } from '../audit/index.js';
import { type Db, dbStatus } from '../db/index.js';
import type { Settings } from '../settings.js';
import { backupTrees, treeFiles } from './sources.js';
import { SCHEMA_VERSION } from './write.js';

const run = promisify(execFile);
const LOG_TAIL = 2 * 1024 * 1024;

/**
 * Keys of Asterisk config lines whose values are secrets (pjsip auth
 * `password`, manager `secret`, ari `password`, md5 credentials).
 */
const SECRET_LINE = /^(\s*(?:secret|password|passwd|md5_cred|auth_pass|community)\s*=>?\s*).*$/gim;

/** A config file with every secret's value replaced; comments and the rest as they are. */
export function redactConfig(text: string): string {
  return text.replace(SECRET_LINE, '$1[redacted]');
}

/**
 * What a vendor's engineer needs to look at a box, without a secret in it:
 * versions, health, the settings (secrets redacted), the Asterisk config
 * (secret lines redacted), the end of Asterisk's log and of hotlined's
 * journal, the database's size and schema. A tar.gz streamed as it is made.
 */
export function supportBundle(deps: { db: Db; settings: Settings; health: () => unknown }): Readable {
  const { settings } = deps;
  const pack = tar.pack();
  const add = (name: string, body: string | Buffer) => pack.entry({ name, mode: 0o644 }, body);
  void (async () => {
    try {
      add(
        'versions.json',
        JSON.stringify(
          {
            schemaVersion: SCHEMA_VERSION,
            node: process.version,
            os: `${os.type()} ${os.release()} ${os.arch()}`,
            hostname: os.hostname(),
            uptimeSeconds: Math.round(os.uptime()),
            generatedAt: new Date().toISOString(),
          },
          null,
          2,
        ),
      );
      add('health.json', JSON.stringify(deps.health(), null, 2));
      add('database.json', JSON.stringify(dbStatus(deps.db, settings.dbPath), null, 2));
      add('settings.json', JSON.stringify(redact(settings), null, 2));
      for (const tree of backupTrees(settings).filter((t) => !t.restore)) {
        for (const f of treeFiles(tree)) {
          if (f.size > 4 * 1024 * 1024) continue;
          const text = readTail(path.join(tree.dir, f.rel), f.size);
          add(`config/${tree.name}/${f.rel}`, redactConfig(text));
        }
      }
      // queue_log sits in Asterisk's log folder, beside messages.log (logger.conf)
      const logDir = path.dirname(settings.asterisk.queueLog);
      for (const name of ['messages.log', 'security.log']) {
        const file = path.join(logDir, name);
        add(`logs/asterisk-${name}`, readTail(file, LOG_TAIL));
      }
      add('logs/hotlined.log', await journal());
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    }
  })();
  return pack.pipe(createGzip());
}

/** The last `max` bytes of a file ('' when it is missing). */
function readTail(file: string, max: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = statSync(file).size;
    const len = Math.min(size, max);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** hotlined's own log: journald on the appliance; elsewhere it goes to whoever started it. */
async function journal(): Promise<string> {
  try {
    const { stdout } = await run(
      'journalctl',
      ['-u', 'hotlined', '-n', '5000', '--no-pager', '-o', 'short-iso'],
      {
        timeout: 15_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return stdout;
  } catch (err) {
    return `journalctl not available: ${(err as Error).message.split('\n')[0]}\n`;
  }
}
