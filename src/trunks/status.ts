import type { Bus, LiveEvents } from '../bus.js';

export type TrunkStatus = Omit<LiveEvents['trunk.status'], 'id'>;
type Registration = TrunkStatus['registration'];
type Reachability = TrunkStatus['reachability'];

/** trunk-<id> (endpoint, aor, registration object; contacts are "trunk-<id>@@<hash>"). */
export function trunkIdOf(name: string): number | null {
  const m = /^trunk-([1-9][0-9]{0,9})(?:@@.*)?$/.exec(name);
  return m ? Number(m[1]) : null;
}

/** Asterisk's outbound registration states, in our three words. */
export function registrationState(status: string): Registration {
  const s = status.trim().toLowerCase();
  if (s === 'registered') return 'registered';
  if (s === 'rejected') return 'rejected';
  return 'unregistered';
}

/** ContactStatus / PJSIPShowContacts Status → reachability; null when it says nothing about it. */
export function reachabilityOf(status: string): Reachability | null {
  switch (status) {
    case 'Reachable':
      return 'reachable';
    case 'Unreachable':
      return 'unreachable';
    case 'Removed':
    case 'Unknown':
      return 'unknown';
    default:
      return null;
  }
}

/**
 * Live status of the trunks, fed by AMI Registry and ContactStatus events and
 * replaced wholesale by a resync (PJSIPShowRegistrationsOutbound,
 * PJSIPShowContacts) after every (re)connect and every applied change.
 * Every change is published as 'trunk.status' for the live stream.
 */
export function createTrunkStatus(deps: {
  bus: Bus;
  /** Which trunk registers with these URIs (from the configuration). */
  trunkForRegistration(clientUri: string, serverUri: string): number | null;
  /** Registering trunks know they are not registered before any event says so. */
  registers(id: number): boolean;
  /** An event said something changed but not what (a reload recreated a contact): read it all again. */
  requestResync(): void;
}) {
  const { bus } = deps;
  const state = new Map<number, TrunkStatus>();

  const get = (id: number): TrunkStatus =>
    state.get(id) ?? {
      registration: deps.registers(id) ? 'unregistered' : 'none',
      reachability: 'unknown',
      rttMs: null,
    };

  const set = (id: number, patch: Partial<TrunkStatus>) => {
    const before = get(id);
    const after = { ...before, ...patch };
    if (!deps.registers(id)) after.registration = 'none';
    if (after.reachability !== 'reachable') after.rttMs = null;
    state.set(id, after);
    if (
      after.registration !== before.registration ||
      after.reachability !== before.reachability ||
      after.rttMs !== before.rttMs
    ) {
      bus.emit('trunk.status', { id, ...after });
    }
  };

  bus.on('trunks', 'pjsip.registry', (r) => {
    const id = deps.trunkForRegistration(r.clientUri, r.serverUri);
    if (id !== null) set(id, { registration: registrationState(r.status) });
    else deps.requestResync();
  });
  bus.on('trunks', 'pjsip.contact', (c) => {
    const id = trunkIdOf(c.aor) ?? trunkIdOf(c.endpoint);
    if (id === null) return;
    const reachability = reachabilityOf(c.status);
    if (reachability === null || reachability === 'unknown') {
      deps.requestResync();
      return;
    }
    set(id, {
      reachability,
      rttMs:
        c.rttUsec !== undefined && reachability === 'reachable' ? Math.round(c.rttUsec / 100) / 10 : null,
    });
  });

  return {
    get,
    /** A resync's view: trunks missing from it are unregistered / unknown. */
    replaceAll(
      registrations: Map<number, Registration>,
      contacts: Map<number, { reachability: Reachability; rttMs: number | null }>,
      ids: number[],
    ) {
      for (const id of ids) {
        const c = contacts.get(id);
        set(id, {
          registration: registrations.get(id) ?? 'unregistered',
          reachability: c?.reachability ?? 'unknown',
          rttMs: c?.rttMs ?? null,
        });
      }
      for (const id of [...state.keys()]) if (!ids.includes(id)) state.delete(id);
    },
    forget: (id: number) => state.delete(id),
  };
}
