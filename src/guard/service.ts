import type { Actor, Audit } from '../audit/index.js';
import type { Bus, LiveEvents } from '../bus.js';
import type { Db } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { allowListMatcher } from './addresses.js';
import type { Firewall } from './nft.js';
import type { GuardSettingsInput } from './schema.js';
import type { Ban, GuardStore } from './store.js';
import { FailureWindow } from './window.js';

export interface GuardSettingsView {
  threshold: number;
  windowMinutes: number;
  banMinutes: number;
  allowList: string[];
}

export interface GuardService {
  settings(): GuardSettingsView;
  updateSettings(input: GuardSettingsInput, actor: Actor): GuardSettingsView;
  /** Active bans, newest first. */
  bans(): Ban[];
  /** The last bans, lifted and expired included. */
  history(limit: number): Ban[];
  unban(address: string, actor: Actor): Promise<void>;
  /** Counts one failure (a bus `security.failure`); resolves with the ban when it made one. */
  failure(e: LiveEvents['security.failure']): Promise<Ban | null>;
  /** Re-applies the active bans to the packet filter (a reboot empties its sets). */
  reapply(): Promise<void>;
  /** Ends bans whose time is up; true when one ended (the live banner changes). */
  expire(): boolean;
}

export function createGuardService(deps: {
  db: Db;
  store: GuardStore;
  firewall: Firewall;
  audit: Audit;
  bus: Bus;
  log: Logger;
  now?: () => number;
}): GuardService {
  const { store, firewall, audit, bus, log } = deps;
  const now = deps.now ?? Date.now;
  let current = store.settings();
  let allowed = allowListMatcher(current.allowList);
  const window = new FailureWindow(current.windowSec * 1000);
  /** Addresses being banned right now: a burst of events must ban once. */
  const banning = new Set<string>();
  let activeCount = store.active(now()).length;

  const view = (): GuardSettingsView => ({
    threshold: current.threshold,
    windowMinutes: current.windowSec / 60,
    banMinutes: current.banSec / 60,
    allowList: current.allowList,
  });
  const isBanned = (address: string) => store.active(now()).some((b) => b.address === address);

  const ban = async (e: LiveEvents['security.failure'], failures: number): Promise<Ban> => {
    const at = now();
    const result = await firewall.ban(e.address, current.banSec);
    if (result !== 'ok')
      log.warn({ address: e.address, firewall: result }, 'ban not applied in the packet filter');
    const b = {
      address: e.address,
      bannedAt: at,
      expiresAt: at + current.banSec * 1000,
      failures,
      lastEvent: `${e.service} ${e.event} ${e.account}`.trim().slice(0, 200),
      firewall: result,
    };
    const id = deps.db.transaction(() => {
      const id = store.insert(b);
      audit.record({ principal: null, action: 'ban', entity: 'guard_ban', entityId: id, after: b });
      return id;
    })();
    activeCount++;
    window.forget(e.address);
    log.warn({ address: e.address, failures, until: new Date(b.expiresAt).toISOString() }, 'source banned');
    bus.emit('guard.changed', { action: 'ban', id });
    return { id, ...b, liftedAt: null, liftedBy: null };
  };

  return {
    settings: view,
    updateSettings(input, actor) {
      const before = view();
      const next = {
        threshold: input.threshold,
        windowSec: input.windowMinutes * 60,
        banSec: input.banMinutes * 60,
        allowList: [...new Set(input.allowList)],
      };
      deps.db.transaction(() => {
        store.saveSettings(next);
        audit.record({ ...actor, action: 'update', entity: 'guard_settings', before, after: input });
      })();
      current = next;
      allowed = allowListMatcher(next.allowList);
      window.setWindow(next.windowSec * 1000);
      bus.emit('guard.changed', { action: 'settings', id: null });
      return view();
    },
    bans: () => store.active(now()),
    history: (limit) => store.recent(limit),
    async unban(address, actor) {
      if (!isBanned(address))
        throw new AppError('not_found', `${address} is not banned`, { field: 'address' });
      const result = await firewall.unban(address);
      deps.db.transaction(() => {
        store.lift(address, now(), actor.principal.username);
        audit.record({
          ...actor,
          action: 'unban',
          entity: 'guard_ban',
          entityId: address,
          after: { firewall: result },
        });
      })();
      activeCount = store.active(now()).length;
      window.forget(address);
      bus.emit('guard.changed', { action: 'unban', id: address });
    },
    async failure(e) {
      if (allowed(e.address) || banning.has(e.address)) return null;
      const failures = window.add(e.address, now());
      if (failures < current.threshold || isBanned(e.address)) return null;
      banning.add(e.address);
      try {
        return await ban(e, failures);
      } finally {
        banning.delete(e.address);
      }
    },
    async reapply() {
      const at = now();
      for (const b of store.active(at)) {
        const result = await firewall.ban(b.address, (b.expiresAt - at) / 1000);
        if (result !== 'ok') log.warn({ address: b.address, firewall: result }, 'ban not re-applied');
      }
    },
    expire() {
      const count = store.active(now()).length;
      const changed = count !== activeCount;
      activeCount = count;
      return changed;
    },
  };
}
