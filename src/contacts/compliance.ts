/**
 * The do-not-call list, consents with their evidence, and the dial-time
 * check the dialer asks before every call: `isCallable(number, at, listId)`.
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../audit/index.js';
import { isAppError } from '../errors.js';
import type { Change } from '../kit/change.js';
import { mapPage, type Page } from '../kit/list.js';
import { mustFind } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { iso } from '../kit/view.js';
import { canonicalNumber } from '../outbound/pattern.js';
import { evaluate } from '../schedules/evaluate.js';
import type { ScheduleRules } from '../schedules/schema.js';
import { type ImportReport, importCsv } from './import.js';
import type {
  Consent,
  ConsentCreate,
  ConsentListQuery,
  ContactList,
  DncCreate,
  DncEntry,
  DncListQuery,
  DncSource,
} from './schema.js';
import type { ContactStore } from './store.js';

type SomeActor = Actor | { principal: null; ip?: string };
const byName = (a: SomeActor) => a.principal?.username ?? null;

export const dncView = (e: DncEntry) => ({ ...e, createdAt: iso(e.createdAt) });
export const consentView = (c: Consent) => ({
  ...c,
  grantedAt: iso(c.grantedAt),
  revokedAt: c.revokedAt === null ? null : iso(c.revokedAt),
  createdAt: iso(c.createdAt),
  /** In force now (granted, not revoked). */
  active: c.grantedAt <= Date.now() && (c.revokedAt === null || c.revokedAt > Date.now()),
});

export type NotCallable =
  | { code: 'dnc'; source: DncSource; since: string }
  | { code: 'no-consent'; purpose: 'marketing' }
  | {
      code: 'outside-window';
      scheduleId: number;
      timeZone: string;
      local: string;
      rule: string;
      name?: string;
    }
  | { code: 'no-schedule'; scheduleId: number };

export interface Callable {
  callable: boolean;
  /** The number in canonical form (what the DNC and consents are kept by). */
  number: string;
  reasons: NotCallable[];
  /** The zone the calling window was read in (the contact's, else the box's). */
  timeZone: string | null;
}

export interface ComplianceDeps {
  store: ContactStore;
  change: Change;
  /** A schedule's rules by id (404 when it is gone). */
  schedule(id: number): ScheduleRules;
  getList(id: number): ContactList;
  timeZone: string;
  maxBytes: number;
}

export function createCompliance(deps: ComplianceDeps) {
  const { store } = deps;
  const dncChanges = resourceChanges(deps.change, {
    entity: 'dnc',
    event: 'contacts.dnc.changed',
    config: false,
  });
  const consentChanges = resourceChanges(deps.change, {
    entity: 'consent',
    event: 'contacts.consent.changed',
    config: false,
  });
  const getDnc = mustFind(store.dnc.get, (id) => `do-not-call entry ${id}`);
  const getConsent = mustFind(store.consents.get, (id) => `consent ${id}`);

  /** Adds the number (canonical) unless it is there already; answers the entry and whether it is new. */
  async function addDnc(input: DncCreate, actor: SomeActor): Promise<{ entry: DncEntry; added: boolean }> {
    const number = canonicalNumber(input.number);
    const row = {
      number,
      source: input.source,
      reason: input.reason,
      createdAt: Date.now(),
      createdBy: byName(actor),
    };
    const existing = store.dnc.findBy('number', number);
    if (existing) return { entry: existing, added: false };
    await dncChanges.change({
      actor,
      action: 'create',
      mutate: () => store.addDnc(row),
      after: () => row,
    });
    return { entry: store.dnc.findBy('number', number)!, added: true };
  }

  return {
    listDnc: (q: DncListQuery): Page<ReturnType<typeof dncView>> =>
      mapPage(store.dnc.page(q, { source: q.source }), dncView),
    getDnc: (id: number) => dncView(getDnc(id)),
    addDnc,
    async removeDnc(id: number, actor: Actor): Promise<void> {
      await dncChanges.remove(actor, getDnc(id), () => store.removeDnc(id));
    },
    /** The entry for this number (in any written form), if it is on the list. */
    dncOf: (number: string): DncEntry | undefined => store.dnc.findBy('number', canonicalNumber(number)),
    /**
     * A callee said no (pressed the opt-out key, replied TD, or a business
     * system called the API): on the DNC list at once, for every list.
     */
    optOut: (
      number: string,
      source: 'api' | 'keypress' | 'sms',
      reason = '',
      actor: SomeActor = { principal: null },
    ) => addDnc({ number, source, reason: reason || `opt-out (${source})` }, actor),
    /** A CSV of numbers (column `column`, optional `reasonColumn`) added with source `import`. */
    async importDnc(
      input: Readable,
      cols: { column: string; reasonColumn?: string },
      actor: Actor,
    ): Promise<ImportReport> {
      const now = Date.now();
      const by = byName(actor);
      const report = await importCsv(input, {
        mapping: {
          number: cols.column,
          variables: cols.reasonColumn ? { reason: cols.reasonColumn } : {},
        },
        maxBytes: deps.maxBytes,
        maxRows: 1_000_000,
        write: (batch) =>
          store.addDncBatch(
            batch.map((c) => ({
              number: c.number,
              source: 'import' as const,
              reason: (JSON.parse(c.variables) as { reason?: string }).reason?.slice(0, 256) ?? '',
              createdAt: now,
              createdBy: by,
            })),
          ),
      });
      await dncChanges.change({ actor, action: 'import', mutate: () => null, after: () => summary(report) });
      return report;
    },

    listConsents: (q: ConsentListQuery) =>
      mapPage(
        store.consents.page(q, {
          number: q.number === undefined ? undefined : canonicalNumber(q.number),
          type: q.type,
        }),
        consentView,
      ),
    getConsent: (id: number) => consentView(getConsent(id)),
    async addConsent(input: ConsentCreate, actor: Actor) {
      const row = {
        ...input,
        number: canonicalNumber(input.number),
        createdAt: Date.now(),
        createdBy: byName(actor),
      };
      const id = await consentChanges.create(actor, row, () => store.addConsent(row));
      return consentView(getConsent(id));
    },
    /** Revoked from `at` (default now); a consent is revoked once (again: answered as it is). */
    async revokeConsent(id: number, at: number | undefined, actor: Actor) {
      const before = getConsent(id);
      if (before.revokedAt !== null) return consentView(before);
      const when = at ?? Date.now();
      await consentChanges.update(actor, before, { ...before, revokedAt: when }, () =>
        store.revokeConsent(id, when),
      );
      return consentView(getConsent(id));
    },

    /**
     * Whether the dialer may call `number` at `at` for list `listId`: not on
     * the DNC list; a marketing list needs a marketing consent in force at
     * `at`; the list's calling window (a schedule: hours, holidays, 调休
     * workdays) read in the callee's zone (the contact's `timeZone`, else
     * the box's). Every failing rule is named, not only the first.
     */
    isCallable(number: string, at: Date, listId?: number): Callable {
      const canon = canonicalNumber(number);
      const reasons: NotCallable[] = [];
      const dnc = store.dnc.findBy('number', canon);
      if (dnc) reasons.push({ code: 'dnc', source: dnc.source, since: iso(dnc.createdAt) });
      if (listId === undefined)
        return { callable: reasons.length === 0, number: canon, reasons, timeZone: null };
      const list = deps.getList(listId);
      if (list.purpose === 'marketing' && store.consentAt(canon, 'marketing', at.getTime()) === undefined) {
        reasons.push({ code: 'no-consent', purpose: 'marketing' });
      }
      const timeZone = store.contactOf(listId, canon)?.timeZone ?? deps.timeZone;
      if (list.scheduleId !== null) {
        let rules: ScheduleRules | undefined;
        try {
          rules = deps.schedule(list.scheduleId);
        } catch (err) {
          // a schedule deleted under the list: no window known, so no call
          if (!isAppError(err, 'not_found')) throw err;
        }
        if (!rules) reasons.push({ code: 'no-schedule', scheduleId: list.scheduleId });
        else {
          const s = evaluate({ ...rules, timeZone }, at);
          if (!s.open) {
            reasons.push({
              code: 'outside-window',
              scheduleId: list.scheduleId,
              timeZone,
              local: `${s.local.date} ${s.local.time}`,
              rule: s.reason,
              ...(s.exception?.name ? { name: s.exception.name } : {}),
            });
          }
        }
      }
      return { callable: reasons.length === 0, number: canon, reasons, timeZone };
    },
  };
}

export type Compliance = ReturnType<typeof createCompliance>;

/** What the audit log keeps of an import: the counts, not the rows. */
export const summary = (r: ImportReport) => ({
  encoding: r.encoding,
  rows: r.rows,
  imported: r.imported,
  duplicates: r.duplicates,
  rejected: r.rejected,
});
