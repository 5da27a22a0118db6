import type { Bus, ConnectionState } from '../bus.js';
import { type Db, dbStatus } from '../db/index.js';

export const HOTLINED_VERSION = '0.1.0';

/**
 * GET /api/v1/system/health: open to anyone on the LAN (load balancers,
 * monitoring), so it reports states and versions and nothing secret.
 */
export function createHealth(deps: { db: Db; dbPath: string; bus: Bus }) {
  const started = Date.now();
  const conn = {
    ami: { state: 'disconnected' as ConnectionState, since: started },
    ari: { state: 'disconnected' as ConnectionState, since: started },
  };
  let asterisk: { version: string; startedAt: number | null } | null = null;
  deps.bus.on('health', 'ami.state', (s) => {
    conn.ami = s;
  });
  deps.bus.on('health', 'ari.state', (s) => {
    conn.ari = s;
  });
  deps.bus.on('health', 'asterisk.ready', (a) => {
    asterisk = a;
  });

  const snapshot = () => {
    const db = dbStatus(deps.db, deps.dbPath);
    const healthy = db.ok && conn.ami.state === 'connected' && conn.ari.state === 'connected';
    const now = Date.now();
    return {
      status: healthy ? 'ok' : 'degraded',
      hotlined: { version: HOTLINED_VERSION, uptimeSeconds: Math.round((now - started) / 1000) },
      ami: { state: conn.ami.state, since: new Date(conn.ami.since).toISOString() },
      ari: { state: conn.ari.state, since: new Date(conn.ari.since).toISOString() },
      asterisk:
        asterisk && conn.ami.state === 'connected'
          ? {
              version: asterisk.version,
              startedAt: asterisk.startedAt ? new Date(asterisk.startedAt).toISOString() : null,
              uptimeSeconds: asterisk.startedAt
                ? Math.max(0, Math.round((now - asterisk.startedAt) / 1000))
                : null,
            }
          : null,
      db,
    };
  };

  return { snapshot, stop: () => deps.bus.off('health') };
}

export type HealthSnapshot = ReturnType<ReturnType<typeof createHealth>['snapshot']>;
