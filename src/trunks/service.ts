import type { Ami } from '../asterisk/ami.js';
import { assertLoaded, type ConfigSection, type VerifyContext } from '../asterisk/apply.js';
import type { Actor } from '../audit/index.js';
import { AppError } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanFile } from '../kit/dialplan-section.js';
import { mapPage, type Page } from '../kit/list.js';
import { mustFind } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import type { Logger } from '../log.js';
import './events.js';
import { patched } from '../kit/patch.js';
import {
  registrationClientUri,
  registrationServerUri,
  trunkDialContext,
  trunksDialplan,
  trunksPjsipConf,
} from './confgen.js';
import type { E1Support, NewE1Trunk } from './e1.js';
import {
  type E1Trunk,
  E1TrunkCreate,
  type E1TrunkUpdate,
  type SipTrunk,
  SipTrunkCreate,
  type SipTrunkUpdate,
  type Trunk,
  type TrunkCreate,
  type TrunkListQuery,
  trunkEndpoint,
} from './schema.js';
import {
  type createTrunkStatus,
  reachabilityOf,
  registrationState,
  type TrunkStatus,
  trunkIdOf,
} from './status.js';
import type { TrunkStore } from './store.js';

type Reachability = TrunkStatus['reachability'];

/** What the API shows of a trunk: the secret only to admins, live status always. */
export type TrunkView =
  | (Omit<SipTrunk, 'secret'> & {
      secret?: string | null;
      hasSecret: boolean;
      endpoint: string;
      status: TrunkStatus;
    })
  | (E1Trunk & { status: TrunkStatus; span: unknown });

/** Another domain that refers to trunks says here which of its things use one (to refuse a delete). */
export type TrunkUsage = (trunkId: number) => string[];

/** `confirm`: the admin accepts that live E1 calls drop. */
export interface ConfirmOption {
  confirm?: boolean;
}

/** What the trunks domain offers the API and the domains built after it (outbound, hardware, live). */
export interface TrunkService {
  view(t: Trunk, withSecret: boolean): TrunkView;
  list(q: TrunkListQuery, withSecret: boolean): Page<TrunkView>;
  get(id: number): Trunk;
  /** Every trunk, by id (for routes that compile trunk lists). */
  all(): Trunk[];
  /** The Gosub context that places a call on trunk `id`. */
  dialContext(id: number): string;
  onUsage(fn: TrunkUsage): void;
  /** The hardware domain plugs in here: it owns the DAHDI side of E1 trunks. */
  attachE1(support: E1Support): void;
  create(input: TrunkCreate, actor: Actor, opts?: ConfirmOption): Promise<Trunk>;
  updateE1(id: number, patch: E1TrunkUpdate, actor: Actor, opts?: ConfirmOption): Promise<Trunk>;
  update(id: number, patch: SipTrunkUpdate, actor: Actor): Promise<Trunk>;
  remove(id: number, actor: Actor, opts?: ConfirmOption): Promise<void>;
  /** Which registering trunk Asterisk means in a Registry event. */
  trunkForRegistration(clientUri: string, serverUri: string): number | null;
  registers(id: number): boolean;
  /** Enabled E1 trunks, for the DAHDI plan (read inside the applier's transaction). */
  e1Trunks(): E1Trunk[];
  configSection(): ConfigSection;
  /** Re-reads registration and qualify state from Asterisk. */
  resyncStatus(ami: Ami): Promise<void>;
}

export function createTrunkService(deps: {
  store: TrunkStore;
  change: Change;
  status: ReturnType<typeof createTrunkStatus>;
  ami: Ami;
  log: Logger;
}): TrunkService {
  const { store, status, ami, log } = deps;
  const changes = resourceChanges(deps.change, { entity: 'trunk', event: 'trunk.changed' });
  const usages: TrunkUsage[] = [];
  let e1: E1Support | undefined;
  const e1Support = (): E1Support => {
    if (!e1) throw new AppError('validation', 'E1 trunks are not available on this box', { field: 'kind' });
    return e1;
  };

  const view = (t: Trunk, withSecret: boolean): TrunkView => {
    if (t.kind === 'e1') {
      // an E1 trunk never registers; "reachable" is its span's health
      const st: TrunkStatus = {
        registration: 'none',
        reachability: e1?.reachability(t) ?? 'unknown',
        rttMs: null,
      };
      return { ...t, status: st, span: e1?.spanState(t) ?? null };
    }
    const { secret, ...rest } = t;
    return {
      ...rest,
      ...(withSecret ? { secret } : {}),
      hasSecret: secret !== null,
      endpoint: trunkEndpoint(t.id),
      status: status.get(t.id),
    };
  };
  const mustGet = mustFind(store.get, 'trunk');
  const uniqueName = (name: string, self?: number) => {
    const other = store.getByName(name);
    if (other && other.id !== self) {
      throw new AppError('conflict', `a trunk named ${name} already exists`, { field: 'name' });
    }
  };

  return {
    view,

    list: (q, withSecret) => mapPage(store.page(q, { kind: q.kind }), (t) => view(t, withSecret)),

    get: (id: number) => mustGet(id),
    /** Every trunk, by id (for routes that compile trunk lists). */
    all: () => store.all(),
    /** The Gosub context that places a call on trunk `id`. */
    dialContext: trunkDialContext,

    onUsage(fn: TrunkUsage) {
      usages.push(fn);
    },

    /** The hardware domain plugs in here: it owns the DAHDI side of E1 trunks. */
    attachE1(support: E1Support) {
      e1 = support;
    },

    async create(input: TrunkCreate, actor: Actor, opts: ConfirmOption = {}): Promise<Trunk> {
      uniqueName(input.name);
      const now = Date.now();
      if (input.kind === 'e1') {
        const support = e1Support();
        support.check(input, null);
        const id = await changes.create(actor, input, () => store.insert(input, now), {
          apply: viaE1(support, actor, opts),
        });
        return mustGet(id);
      }
      const trunk = { ...input, username: input.username ?? null, secret: input.secret ?? null };
      const id = await changes.create(actor, trunk, () => store.insert(trunk, now));
      return mustGet(id);
    },

    async updateE1(id: number, patch: E1TrunkUpdate, actor: Actor, opts: ConfirmOption = {}) {
      const before = mustGet(id);
      if (before.kind !== 'e1') throw new AppError('validation', 'not an E1 trunk', { field: 'kind' });
      if (patch.name !== undefined) uniqueName(patch.name, id);
      const after: E1Trunk = patched(before, patch);
      const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = after;
      const candidate: NewE1Trunk = E1TrunkCreate.parse(fields);
      const support = e1Support();
      support.check(candidate, id);
      const now = Date.now();
      await changes.update(actor, before, after, () => store.update(after, now), {
        apply: viaE1(support, actor, opts),
      });
      return mustGet(id);
    },

    async update(id: number, patch: SipTrunkUpdate, actor: Actor): Promise<Trunk> {
      const found = mustGet(id);
      if (found.kind !== 'sip') throw new AppError('validation', 'not a SIP trunk', { field: 'kind' });
      const before: SipTrunk = found;
      if (patch.name !== undefined) uniqueName(patch.name, id);
      const merged = patched(before, patch);
      // the whole trunk must still be valid (e.g. switching to registration needs credentials)
      const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = merged;
      SipTrunkCreate.parse({
        ...fields,
        username: fields.username ?? undefined,
        secret: fields.secret ?? undefined,
      });
      const after: SipTrunk = merged;
      const now = Date.now();
      await changes.update(actor, before, after, () => store.update(after, now));
      // A reload keeps a registration whose own object did not change, even when its
      // auth did: register again now so new credentials (or a new host) take effect.
      if (after.enabled && after.auth === 'registration' && ami.state === 'connected') {
        ami
          .action('PJSIPRegister', { Registration: trunkEndpoint(id) })
          .catch((err) => log.warn({ err, trunk: id }, 're-registration failed'));
      }
      return mustGet(id);
    },

    async remove(id: number, actor: Actor, opts: ConfirmOption = {}): Promise<void> {
      const before = mustGet(id);
      const users = usages.flatMap((u) => u(id));
      if (users.length) {
        throw new AppError('conflict', `trunk is in use by ${users.join(', ')}`, {
          details: { usedBy: users },
        });
      }
      await changes.remove(actor, before, () => store.remove(id), {
        apply: before.kind === 'e1' ? viaE1(e1Support(), actor, opts) : undefined,
      });
      status.forget(id);
    },

    /** Which registering trunk Asterisk means in a Registry event. */
    trunkForRegistration(clientUri: string, serverUri: string): number | null {
      for (const t of store.all()) {
        if (t.kind !== 'sip' || t.auth !== 'registration') continue;
        if (registrationClientUri(t) === clientUri && registrationServerUri(t) === serverUri) return t.id;
      }
      return null;
    },
    registers: (id) => {
      const t = store.get(id);
      return t?.kind === 'sip' && t.auth === 'registration';
    },
    /** Enabled E1 trunks, for the DAHDI plan (read inside the applier's transaction). */
    e1Trunks: (): E1Trunk[] => store.all().filter((t): t is E1Trunk => t.kind === 'e1'),

    configSection(): ConfigSection {
      return {
        name: 'trunks',
        generate: () => {
          const trunks = store.all();
          const enabled = trunks.filter((t): t is SipTrunk => t.enabled && t.kind === 'sip');
          return {
            files: [
              { name: 'pjsip_trunks.conf', text: trunksPjsipConf(trunks), reload: 'res_pjsip.so' as const },
              dialplanFile('trunks', trunksDialplan(trunks)),
            ],
            verify: (ctx: VerifyContext) => verifyTrunks(ctx.ami, enabled),
          };
        },
      };
    },

    /**
     * Re-reads registration and qualify state from Asterisk. Static (aor
     * `contact =`) contacts are not in PJSIPShowContacts; PJSIPShowEndpoint
     * reports them as ContactStatusDetail with their qualify result.
     */
    async resyncStatus(ami: Ami) {
      const trunks = store.all().filter((t) => t.enabled && t.kind === 'sip');
      const regs = await ami.list('PJSIPShowRegistrationsOutbound');
      const registrations = new Map<number, ReturnType<typeof registrationState>>();
      for (const r of regs) {
        const id = trunkIdOf(r.ObjectName ?? '');
        if (id !== null && r.Event === 'OutboundRegistrationDetail') {
          registrations.set(id, registrationState(r.Status ?? ''));
        }
      }
      const reach = new Map<number, { reachability: Reachability; rttMs: number | null }>();
      for (const t of trunks) {
        const details = await ami
          .list('PJSIPShowEndpoint', { Endpoint: trunkEndpoint(t.id) })
          .catch(() => []);
        for (const c of details) {
          if (c.Event !== 'ContactStatusDetail' || trunkIdOf(c.AOR ?? '') !== t.id) continue;
          const reachability = reachabilityOf(c.Status ?? '') ?? 'unknown';
          const rtt = Number(c.RoundtripUsec);
          reach.set(t.id, {
            reachability,
            rttMs: reachability === 'reachable' && Number.isFinite(rtt) ? Math.round(rtt / 100) / 10 : null,
          });
        }
      }
      status.replaceAll(
        registrations,
        reach,
        trunks.map((t) => t.id),
      );
    },
  };
}

/** Every enabled trunk has its endpoint, and each registering one its registration. */
async function verifyTrunks(ami: Ami, expected: SipTrunk[]) {
  const endpoints = await ami.list('PJSIPShowEndpoints');
  const present = new Set(endpoints.map((e) => e.ObjectName ?? '').filter((n) => trunkIdOf(n) !== null));
  const want = expected.map((t) => trunkEndpoint(t.id));
  assertLoaded('Asterisk endpoints do not match the trunks after reload', want, present);
  const registering = expected.filter((t) => t.auth === 'registration').map((t) => trunkEndpoint(t.id));
  if (registering.length) {
    const regs = await ami.list('PJSIPShowRegistrationsOutbound');
    const loaded = new Set(regs.map((r) => r.ObjectName ?? ''));
    const notLoaded = registering.filter((r) => !loaded.has(r));
    if (notLoaded.length) {
      throw new AppError('apply_failed', 'Asterisk did not load the trunk registrations', {
        details: { notLoaded },
      });
    }
  }
}

/** An E1 change goes through the hardware domain's DAHDI apply (which refuses to drop live calls unconfirmed). */
const viaE1 =
  (support: E1Support, actor: Actor, opts: ConfirmOption) =>
  <R>(mutate: () => R, record: (result: R) => void) =>
    support.change(mutate, record, { confirm: opts.confirm === true, actor });
