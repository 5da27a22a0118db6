/**
 * Demo traffic for ./scripts/start --demo-traffic: the rig's carrier calls
 * the demo hotline at a realistic, irregular rate; callers pick a menu
 * option, some give up while queued, the rest talk for a while with the
 * demo agents (the rig's auto-answering phones). So a newcomer sees the
 * wallboard move within a minute.
 */
import type { Ami } from '../src/asterisk/ami.js';
import { carrierCall } from './rig-calls.js';

export interface DemoCall {
  callerId: string;
  dtmf: string;
  /** Seconds after the box answers until the caller hangs up. */
  seconds: number;
}

/** Pure: the next call and the pause before it, from a random source (tests pass a fixed one). */
export function nextDemoCall(random: () => number, options: string[]): { call: DemoCall; pauseMs: number } {
  // exponential gaps: a Poisson process averaging one call every ~8 s
  const pauseMs = Math.min(30_000, Math.round(-Math.log(1 - random()) * 8000));
  const abandons = random() < 0.15;
  const call: DemoCall = {
    callerId: `1${3 + Math.floor(random() * 6)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    dtmf: options[Math.floor(random() * options.length)] ?? '',
    // an impatient caller hangs up while still queued; others talk 20–120 s
    seconds: abandons ? 6 + Math.floor(random() * 10) : 20 + Math.floor(random() * 100),
  };
  return { call, pauseMs };
}

export function startDemoTraffic(opts: {
  carrierAmi: Ami;
  did: string;
  /** Menu keys callers press (one chosen per call). */
  options: string[];
  /** At most this many demo calls at once. */
  maxConcurrent?: number;
  log?: (line: string) => void;
}): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const live: number[] = [];
  const max = opts.maxConcurrent ?? 8;
  const tick = () => {
    if (stopped) return;
    const { call, pauseMs } = nextDemoCall(Math.random, opts.options);
    const now = Date.now();
    while (live.length && live[0]! < now) live.shift();
    if (live.length < max) {
      // the call ends at the latest after its talk plus a generous wait in the queue
      live.push(now + (call.seconds + 180) * 1000);
      live.sort((a, b) => a - b);
      carrierCall(opts.carrierAmi, {
        did: opts.did,
        callerId: call.callerId,
        dtmf: call.dtmf,
        dtmfDelay: 3,
        seconds: call.seconds,
      }).catch((err: Error) => opts.log?.(`demo call failed: ${err.message}`));
    }
    timer = setTimeout(tick, pauseMs);
  };
  timer = setTimeout(tick, 1000);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
