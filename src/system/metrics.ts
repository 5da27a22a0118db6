import { readdirSync } from 'node:fs';
import type { Ami } from '../asterisk/ami.js';
import type { Ari } from '../asterisk/ari.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import { dbStatus } from '../db/index.js';
import type { LoopLag } from './loop-lag.js';

/** The event-loop delay figures are those of the last this many seconds, and of the whole run. */
const LOOP_WINDOW_SECONDS = 10;

function loopLagFigures(lag: LoopLag) {
  const recent = lag.over(LOOP_WINDOW_SECONDS);
  return {
    windowSeconds: LOOP_WINDOW_SECONDS,
    p50Ms: recent.p50,
    p99Ms: recent.p99,
    maxMs: recent.max,
    sinceStart: lag.sinceStart(),
  };
}

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
  loopLag: LoopLag;
}) {
  const started = Date.now();
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
      eventLoopLag: loopLagFigures(deps.loopLag),
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

  return { snapshot };
}

export type ProcessMetrics = ReturnType<ReturnType<typeof createProcessMetrics>['snapshot']>;
