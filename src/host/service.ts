import { readFileSync } from 'node:fs';
import { networkInterfaces, hostname as osHostname } from 'node:os';
import path from 'node:path';
import type { Actor } from '../audit/index.js';
import { AppError, validation } from '../errors.js';
import { writeAtomic } from '../fs/write-atomic.js';
import type { Change } from '../kit/change.js';
import type { Logger } from '../log.js';
import type { HostApplier } from './apply.js';
import {
  HostConfig,
  Hostname,
  type HostnameInput,
  type Network,
  type NetworkInput,
  type TimeInput,
} from './schema.js';

/** A network change waiting to be confirmed from the new address; past `deadline` the previous one comes back. */
interface Pending {
  previous: Network;
  next: Network;
  appliedAt: string;
  deadline: string;
}

interface HostState {
  config: HostConfig;
  wizardCompletedAt: string | null;
  pending: Pending | null;
  /** The last change that was not confirmed in time and was undone. */
  lastRevert: { at: string; network: Network } | null;
}

export interface HostInterface {
  name: string;
  mac: string;
  /** Its IPv4 addresses with prefix, e.g. 192.168.1.20/24. */
  addresses: string[];
}

const SYSTEM = { principal: null } as const;

/**
 * The box's host settings (/api/v1/host): host name, network, time zone and
 * NTP, and whether the admin finished the first-login wizard. A network
 * change is live at once and undone by itself unless it is confirmed from
 * the new address within its window: a wrong address cannot lock the admin
 * out of a box in a server room. The state is a file in the data directory
 * (per box, not part of a backup's configuration).
 */
export function createHostService(deps: {
  dataDir: string;
  applier: HostApplier;
  change: Change;
  log: Logger;
  /** The machine's interfaces (tests may name others). */
  interfaces?: () => HostInterface[];
}) {
  const { applier, change, log } = deps;
  const file = path.join(deps.dataDir, 'host', 'state.json');
  const interfaces = deps.interfaces ?? machineInterfaces;
  let state = read(file) ?? initialState();
  let revertTimer: NodeJS.Timeout | undefined;
  // one change at a time: two admins' applies never interleave their files
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  const save = (next: HostState) => {
    writeAtomic(file, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    state = next;
  };

  /** Applies `next` to the system, then records it (audit, event); the system is put back if recording fails. */
  const commit = async (
    next: HostState,
    actor: Actor | typeof SYSTEM,
    action: string,
    before: unknown,
    after: unknown,
  ) => {
    await applier.apply(next.config);
    try {
      await change({
        actor,
        entity: 'host',
        action,
        before,
        config: false,
        mutate: () => save(next),
        after: () => after,
        event: 'host.changed',
      });
    } catch (err) {
      await applier.apply(state.config).catch(() => {});
      throw err;
    }
  };

  const armRevert = () => {
    clearTimeout(revertTimer);
    if (!state.pending) return;
    const wait = Math.max(0, Date.parse(state.pending.deadline) - Date.now());
    revertTimer = setTimeout(() => {
      revert().catch((err) => log.error({ err }, 'undoing the unconfirmed network change failed'));
    }, wait);
    revertTimer.unref();
  };

  const revert = () =>
    serial(async () => {
      const pending = state.pending;
      if (!pending || Date.parse(pending.deadline) > Date.now()) return;
      log.warn(
        { next: pending.next, previous: pending.previous },
        'network change not confirmed in time: undone',
      );
      await commit(
        {
          ...state,
          config: { ...state.config, network: pending.previous },
          pending: null,
          lastRevert: { at: new Date().toISOString(), network: pending.next },
        },
        SYSTEM,
        'revert',
        pending.next,
        pending.previous,
      );
    });

  const view = () => {
    const p = state.pending;
    return {
      ...state.config,
      applier: applier.kind,
      ...(applier.kind === 'files' ? { root: applier.root } : {}),
      interfaces: interfaces(),
      wizardCompleted: state.wizardCompletedAt !== null,
      pending: p
        ? {
            ...p,
            secondsLeft: Math.max(0, Math.ceil((Date.parse(p.deadline) - Date.now()) / 1000)),
            /** The address the confirmation must come from (any, for DHCP: its address is the server's choice). */
            confirmFrom: p.next.mode === 'static' ? p.next.address : null,
          }
        : null,
      lastRevert: state.lastRevert,
    };
  };

  const checkStatic = (n: Network) => {
    if (n.mode !== 'static') return;
    if (!interfaces().some((i) => i.name === n.interface)) {
      throw validation('network.interface', `network.interface: this box has no interface ${n.interface}`);
    }
    const mask = n.prefix === 0 ? 0 : (~0 << (32 - n.prefix)) >>> 0;
    const [addr, gw] = [ipv4(n.address), ipv4(n.gateway)];
    const host = addr & ~mask;
    if (host === 0 || host === ~mask >>> 0) {
      throw validation(
        'network.address',
        `network.address: ${n.address}/${n.prefix} is the network's own or broadcast address`,
      );
    }
    if ((addr & mask) >>> 0 !== (gw & mask) >>> 0) {
      throw validation('network.gateway', `network.gateway: ${n.gateway} is not in ${n.address}/${n.prefix}`);
    }
    if (gw === addr)
      throw validation('network.gateway', 'network.gateway: the gateway cannot be the box itself');
  };

  return {
    get: view,

    setHostname: (input: HostnameInput, actor: Actor) =>
      serial(async () => {
        const before = state.config.hostname;
        await commit(
          { ...state, config: { ...state.config, hostname: input.hostname } },
          actor,
          'update',
          { hostname: before },
          input,
        );
        return view();
      }),

    setTime: (input: TimeInput, actor: Actor) =>
      serial(async () => {
        const before = { timezone: state.config.timezone, ntp: state.config.ntp };
        await commit({ ...state, config: { ...state.config, ...input } }, actor, 'update', before, input);
        return view();
      }),

    /** Applies a network change at once; it stays only when `confirm` is called from the new address in time. */
    setNetwork: (input: NetworkInput, actor: Actor) =>
      serial(async () => {
        if (state.pending) {
          throw new AppError(
            'conflict',
            'a network change is waiting for its confirmation: confirm it or let it revert first',
            {
              field: 'network',
            },
          );
        }
        checkStatic(input.network);
        const now = Date.now();
        const pending: Pending = {
          previous: state.config.network,
          next: input.network,
          appliedAt: new Date(now).toISOString(),
          deadline: new Date(now + input.confirmSeconds * 1000).toISOString(),
        };
        await commit(
          { ...state, config: { ...state.config, network: input.network }, pending },
          actor,
          'update',
          state.config.network,
          input.network,
        );
        armRevert();
        return view();
      }),

    /** `via` is the box address the request came in on: a static change is confirmed only over its new address. */
    confirmNetwork: (via: string, actor: Actor) =>
      serial(async () => {
        const pending = state.pending;
        if (!pending) throw new AppError('conflict', 'no network change is waiting for confirmation');
        if (pending.next.mode === 'static' && via !== pending.next.address) {
          throw new AppError(
            'conflict',
            `confirm from the new address: open the console at ${pending.next.address} (this request came to ${via})`,
            { field: 'address' },
          );
        }
        clearTimeout(revertTimer);
        await change({
          actor,
          entity: 'host',
          action: 'confirm',
          config: false,
          mutate: () => save({ ...state, pending: null }),
          after: () => pending.next,
          event: 'host.changed',
        });
        return view();
      }),

    setWizard: (completed: boolean, actor: Actor) =>
      serial(async () => {
        await change({
          actor,
          entity: 'host',
          action: completed ? 'wizard_completed' : 'wizard_reopened',
          config: false,
          mutate: () => save({ ...state, wizardCompletedAt: completed ? new Date().toISOString() : null }),
          event: 'host.changed',
        });
        return view();
      }),

    /** At start: a change left pending by a stopped hotlined is undone if its time ran out, else waited for again. */
    async start() {
      if (!state.pending) return;
      if (Date.parse(state.pending.deadline) <= Date.now()) await revert();
      else armRevert();
    },
    stop() {
      clearTimeout(revertTimer);
    },
  };
}
export type HostService = ReturnType<typeof createHostService>;

function read(file: string): HostState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const raw = JSON.parse(text) as HostState;
  return { ...raw, config: HostConfig.parse(raw.config) };
}

/** Before the first change: the machine's name, DHCP, the box's zone (China's by default), the distribution's NTP. */
function initialState(): HostState {
  const name = Hostname.safeParse(osHostname());
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return {
    config: {
      hostname: name.success ? name.data : 'hotline',
      network: { mode: 'dhcp' },
      timezone: zone && zone !== 'UTC' ? zone : 'Asia/Shanghai',
      ntp: [],
    },
    wizardCompletedAt: null,
    pending: null,
    lastRevert: null,
  };
}

function machineInterfaces(): HostInterface[] {
  return Object.entries(networkInterfaces())
    .filter(([, addrs]) => addrs?.some((a) => !a.internal))
    .map(([name, addrs]) => ({
      name,
      mac: addrs![0]!.mac,
      addresses: addrs!.filter((a) => a.family === 'IPv4').map((a) => a.cidr ?? a.address),
    }));
}

function ipv4(s: string): number {
  return s.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
}
