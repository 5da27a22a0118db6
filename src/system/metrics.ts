import { readdirSync } from 'node:fs';
import { createHistogram, performance } from 'node:perf_hooks';
import type { Ami } from '../asterisk/ami.js';
import type { Ari } from '../asterisk/ari.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import { dbStatus } from '../db/index.js';

/** Event-loop delay is summed up over windows this long: the figures are the last whole window's. */
export const LOOP_WINDOW_MS = 10_000;
const SAMPLE_MS = 10;

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

/** Open file descriptors of this process (Linux /proc); null elsewhere. */
function openFds(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

/**
 * What a leak or a stall shows in, for bench/soak and monitoring: memory,
 * file descriptors, the listeners the Asterisk adapters and the bus hold,
 * open live streams, the WAL, and how late the event loop ran a 10 ms
 * timer, in the last whole window and over all whole windows since start.
 */
export function createProcessMetrics(deps: {
  db: Db;
  dbPath: string;
  bus: Bus;
  ami: Ami;
  ari: Ari;
  /** Open event streams (live and desk); read late, the live domain is built after this one. */
  streams?: () => number;
}) {
  const started = Date.now();
  // a timer's lateness, sampled every SAMPLE_MS; monitorEventLoopDelay does the same in libuv, but
  // its histogram cannot be added to another, and a long run's p99 needs every window's samples
  const loop = createHistogram();
  const total = createHistogram();
  let due = performance.now() + SAMPLE_MS;
  const sampler = setInterval(() => {
    const now = performance.now();
    loop.record(Math.max(1, Math.round((now - due) * 1e6)));
    due = now + SAMPLE_MS;
  }, SAMPLE_MS);
  sampler.unref();
  let last = { p50Ms: 0, p99Ms: 0, maxMs: 0, endedAt: started };
  const rotate = setInterval(() => {
    last = {
      p50Ms: loop.count ? ms(loop.percentile(50)) : 0,
      p99Ms: loop.count ? ms(loop.percentile(99)) : 0,
      maxMs: loop.count ? ms(loop.max) : 0,
      endedAt: Date.now(),
    };
    total.add(loop);
    loop.reset();
  }, LOOP_WINDOW_MS);
  rotate.unref();

  const snapshot = () => {
    const mem = process.memoryUsage();
    const ami = deps.ami.stats();
    const ari = deps.ari.stats();
    return {
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      memory: {
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
        heapTotalBytes: mem.heapTotal,
        externalBytes: mem.external,
      },
      openFds: openFds(),
      eventLoopLag: {
        windowSeconds: LOOP_WINDOW_MS / 1000,
        p50Ms: last.p50Ms,
        p99Ms: last.p99Ms,
        maxMs: last.maxMs,
        windowEndedAt: new Date(last.endedAt).toISOString(),
        sinceStart: {
          p99Ms: total.count ? ms(total.percentile(99)) : 0,
          maxMs: total.count ? ms(total.max) : 0,
        },
      },
      ami: {
        state: ami.state,
        pending: ami.pending,
        eventListeners: ami.eventListeners,
        stateListeners: ami.stateListeners,
        socketListeners: ami.socketListeners,
        sessions: ami.sessions,
      },
      ari: {
        inFlight: ari.inFlight,
        eventListeners: ari.eventListeners,
        stateListeners: ari.stateListeners,
        socketListeners: ari.socketListeners,
      },
      busListeners: deps.bus.listenerCount(),
      streams: deps.streams?.() ?? null,
      walBytes: dbStatus(deps.db, deps.dbPath).walBytes,
    };
  };

  return {
    snapshot,
    stop() {
      clearInterval(rotate);
      clearInterval(sampler);
    },
  };
}

export type ProcessMetrics = ReturnType<ReturnType<typeof createProcessMetrics>['snapshot']>;
