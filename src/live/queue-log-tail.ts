import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reads what Asterisk appended to queue_log since the last call: complete
 * lines only (a half-written line waits for its newline). A file that shrank
 * or was replaced (logrotate) is read again from its start. The first read of
 * a very large file starts near its end: today's lines are at the end.
 */
export function createQueueLogTail(path: string, maxFirstReadBytes = 64 * 1024 * 1024) {
  let offset = -1;
  let inode = -1;
  let partial = '';

  return {
    read(): string {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch {
        return ''; // no queue calls yet: Asterisk creates the file on the first event
      }
      try {
        const st = fstatSync(fd);
        let skipFirstLine = false;
        if (offset < 0 || st.ino !== inode || st.size < offset) {
          skipFirstLine = st.size > maxFirstReadBytes && offset < 0;
          offset = skipFirstLine ? st.size - maxFirstReadBytes : 0;
          inode = st.ino;
          partial = '';
        }
        const length = st.size - offset;
        if (length <= 0) return '';
        const buf = Buffer.alloc(length);
        const n = readSync(fd, buf, 0, length, offset);
        offset += n;
        let text = partial + buf.subarray(0, n).toString('utf8');
        if (skipFirstLine) text = text.slice(text.indexOf('\n') + 1);
        const end = text.lastIndexOf('\n');
        partial = text.slice(end + 1);
        return end < 0 ? '' : text.slice(0, end + 1);
      } finally {
        closeSync(fd);
      }
    },
  };
}
