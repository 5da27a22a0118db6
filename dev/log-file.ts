/**
 * hotlined's output on a development box (./scripts/start): appended to a
 * file under the data directory, bounded in size. When the file passes
 * `maxBytes` it becomes `<file>.1` (replacing the older one) and a new file
 * starts, so a trial box left running for weeks keeps at most twice the bound.
 */
import { chmodSync, closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';

export const LOG_MAX_BYTES = 10 * 1024 * 1024;

export interface LogFile {
  readonly path: string;
  write(text: string): void;
  close(): void;
}

export function sizeBoundedLog(path: string, maxBytes = LOG_MAX_BYTES): LogFile {
  let fd = openSync(path, 'a', 0o600);
  // the first start's output holds the admin password: an older, wider file is narrowed too
  chmodSync(path, 0o600);
  let size = existsSync(path) ? statSync(path).size : 0;
  return {
    path,
    write(text) {
      const bytes = Buffer.from(text);
      if (size > 0 && size + bytes.length > maxBytes) {
        closeSync(fd);
        renameSync(path, `${path}.1`);
        fd = openSync(path, 'a', 0o600);
        size = 0;
      }
      writeSync(fd, bytes);
      size += bytes.length;
    },
    close() {
      closeSync(fd);
    },
  };
}
