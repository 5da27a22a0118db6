/**
 * What the benches that drive a real hotlined from a local AMI server share:
 * the status actions hotlined asks after connecting, and the hotlined child
 * process pointed at that server (ARI unreachable, which it reports and ignores).
 */
import path from 'node:path';
import { hotlinedProcess } from '../dev/hotlined-process.js';
import { type FakeAmi, frame } from '../test/support/fake-ami.js';
import { queueParams } from '../test/support/live-frames.js';

/** An empty q1 in QueueStatus; `onQueueStatus` is told each time hotlined asks (it resyncs after connecting). */
export function answerStatusActions(ami: FakeAmi, onQueueStatus: () => void = () => {}): void {
  ami.secret = 'bench-secret-0123456789';
  ami.reply('CoreSettings', 'Success', ['AsteriskVersion', '22.5.2']);
  ami.handle('CoreStatus', (a, c) => {
    const date = new Date().toISOString().slice(0, 10);
    c.write(
      frame(
        ['Response', 'Success'],
        ['ActionID', a.id],
        ['CoreStartupDate', date],
        ['CoreStartupTime', '00:00:01'],
      ),
    );
    return true;
  });
  // an empty q1 (QueueParams, no members, no callers), then QueueStatusComplete
  ami.handleList('QueueStatus', 'Queue status will follow', 'QueueStatusComplete', (id) => {
    onQueueStatus();
    return [queueParams(id, { queue: 'q1', strategy: 'ringall', serviceLevel: 20 })];
  });
  ami.handleList('CoreShowChannels', 'Channels will follow', 'CoreShowChannelsComplete');
}

/** hotlined (dist/src/main.js) with its data in `dir`, AMI at the fake server. */
export function benchHotlined(dir: string, port: number, ariPort: number, ami: FakeAmi) {
  return hotlinedProcess({
    dir,
    port,
    logLevel: 'warn',
    settings: {
      dataDir: dir,
      http: { host: '127.0.0.1', port },
      asterisk: {
        confDir: path.join(dir, 'etc'),
        cdrSpool: path.join(dir, 'master.db'),
        queueLog: path.join(dir, 'queue_log'),
        root: dir,
        ami: { port: ami.port, username: ami.username, secret: ami.secret },
        // nothing listens there: ARI stays disconnected, which the stream reports and ignores
        ari: { url: `http://127.0.0.1:${ariPort}`, username: 'bench', password: 'bench-password-0123456789' },
      },
    },
  });
}

export const toWire = (msg: Record<string, string>) =>
  `${Object.entries(msg)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** "p50 … ms p99 … ms max … ms (n calls)" of unsorted figures in ms, rounded to `digits`. */
export function latencySummary(xs: number[], digits = 0): string {
  const s = [...xs].sort((a, b) => a - b);
  const ms = (v: number | undefined) => `${(v ?? Number.NaN).toFixed(digits)} ms`;
  return `p50 ${ms(percentile(s, 50))} p99 ${ms(percentile(s, 99))} max ${ms(s.at(-1))} (${s.length} calls)`;
}
