/**
 * Keeps hotlined running on a development box the way the appliance's
 * systemd unit does (Restart=always): when the process ends without being
 * asked to, it is started again after a pause that doubles on each quick
 * failure (1 s, 2 s, 4 s … at most 30 s) and resets once a run lasted a minute.
 * stop() (or stopping the process through HotlinedProcess.stop) ends it for good.
 */
import type { HotlinedProcess } from './hotlined-process.js';

export interface Supervisor {
  /** How many times hotlined was started again. */
  readonly restarts: number;
  stop(): void;
}

export const RESTART_DELAY = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** Pure: the pause before the next start, from the last one and how long the run lasted. */
export function nextRestartDelay(lastDelayMs: number, ranMs: number, d = RESTART_DELAY): number {
  if (ranMs >= d.stableMs || lastDelayMs === 0) return d.initialMs;
  return Math.min(d.maxMs, lastDelayMs * 2);
}

export function supervise(proc: HotlinedProcess, opts: { say?: (line: string) => void } = {}): Supervisor {
  const say = opts.say ?? ((line: string) => console.error(line));
  let stopped = false;
  let restarts = 0;
  let delay = 0;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;

  const off = proc.onExit(({ code, signal, requested }) => {
    if (requested || stopped) return;
    delay = nextRestartDelay(delay, Date.now() - startedAt);
    const why = signal ? `signal ${signal}` : `code ${code}`;
    say(`hotlined exited (${why}); starting it again in ${delay / 1000} s`);
    timer = setTimeout(() => {
      if (stopped) return;
      restarts++;
      startedAt = Date.now();
      // a start that dies again is reported by the next exit; one that never answers stays running
      proc.start().then(
        () => say(`hotlined is running again (pid ${proc.pid})`),
        (err: Error) => say(`hotlined did not come back: ${err.message.split('\n')[0]}`),
      );
    }, delay);
  });

  return {
    get restarts() {
      return restarts;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      off();
    },
  };
}
