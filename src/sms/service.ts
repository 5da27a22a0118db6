import type { Actor, Audit } from '../audit/index.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import { AppError, notFound } from '../errors.js';
import { mapPage, type Page } from '../kit/list.js';
import { iso } from '../kit/view.js';
import type { Logger } from '../log.js';
import { ConnectionLost, type Modem, type ModemHealth } from './modem.js';
import { type Concat, type DeliverPdu, encodeSubmit, type StatusReportPdu, splitText } from './pdu.js';
import type { SendInput, SmsListParams, SmsMessage, SmsSettings } from './schema.js';
import type { SmsStore } from './store.js';

/** Where an opt-out came from: an SMS reply, an agent or the API. */
export type OptOutSource = 'sms' | 'api' | (string & {});

/**
 * Where opt-outs go besides the SMS domain's own list: the contact lists'
 * do-not-call list, which must refuse the number at dial time as well.
 */
export interface OptOutHook {
  optOut(number: string, source: OptOutSource): void;
}

/** Replies that opt a number out (回复TD退订). */
const OPT_OUT = /^(td|退订|t\s*d)$/i;

export type SmsView = ReturnType<typeof view>;
const view = (m: SmsMessage) => ({
  ...m,
  createdAt: iso(m.createdAt),
  sentAt: m.sentAt === null ? null : iso(m.sentAt),
  deliveredAt: m.deliveredAt === null ? null : iso(m.deliveredAt),
});

export interface ModemView extends Omit<ModemHealth, 'since' | 'checkedAt'> {
  /** A device is set in the settings (none: SMS is off and no banner shows). */
  configured: boolean;
  devicePath: string | null;
  since: string;
  checkedAt: string | null;
}

export interface SmsService {
  send(input: SendInput, actor: Actor): { id: number; parts: number; encoding: string; status: string };
  list(q: SmsListParams): Page<SmsView>;
  get(id: number): SmsView;
  modem(): ModemView;
  settings(): SmsSettings;
  setSettings(input: SmsSettings, actor: Actor): Promise<SmsSettings>;
  /** Opts a number out of SMS (and, through the hook, out of campaigns). */
  optOut(number: string, source: OptOutSource, messageId?: number | null): boolean;
  isOptedOut(number: string): boolean;
  /** What the live banner shows: null while fine or while no modem is set. */
  banner(): { problem: string; since: number; devicePath: string } | null;
  start(): void;
  stop(): Promise<void>;
}

export function createSmsService(deps: {
  db: Db;
  store: SmsStore;
  audit: Audit;
  bus: Bus;
  log: Logger;
  customers: { findByNumber(number: string): { id: number } | undefined };
  optOutHook?: OptOutHook;
  openModem(settings: { path: string; baudRate: number }): Modem;
}): SmsService {
  const { store, log, bus } = deps;
  let modem: Modem | undefined;
  let config = store.settings();
  let pumping = false;
  /** Parts of concatenated incoming messages, by sender and reference. */
  const partial = new Map<string, { parts: (string | undefined)[]; at: number }>();

  const mustGet = (id: number) => {
    const m = store.get(id);
    if (!m) throw notFound('sms');
    return m;
  };

  /** Sends queued messages one part after another while the modem is ready. */
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      for (let ids = store.queued(); ids.length && modem?.health().state === 'ready'; ids = store.queued()) {
        const m = mustGet(ids[0]!);
        const { parts } = encodeSubmit({
          to: m.number,
          text: m.text,
          smsc: config.smsc,
          statusReport: true,
          ref: (m.id % 255) + 1,
        });
        const statuses = store.partStatuses(m.id);
        try {
          for (const [i, p] of parts.entries()) {
            if (statuses[i] !== 'queued') continue; // sent before the modem went away
            const reference = await modem.sendPdu(p.pdu, p.tpduLength);
            store.partSent(m.id, i + 1, reference, Date.now());
          }
          store.setStatus(m.id, 'sent', { sentAt: Date.now() });
        } catch (err) {
          if (err instanceof ConnectionLost) break; // stays queued; sent when the modem is back
          log.warn({ err, sms: m.id }, 'SMS refused by the modem');
          store.setStatus(m.id, 'failed', { error: (err as Error).message.slice(0, 200) });
        }
      }
    } finally {
      pumping = false;
    }
  };

  const onReceived = (pdu: DeliverPdu) => {
    const text = assemble(pdu.from, pdu.text, pdu.concat);
    if (text === undefined) return;
    const customerId = deps.customers.findByNumber(pdu.from)?.id ?? null;
    const { encoding, parts } = splitText(text);
    const id = store.insert(
      {
        direction: 'in',
        number: pdu.from,
        text,
        encoding,
        parts: parts.length,
        status: 'received',
        customerId,
        sentBy: null,
      },
      Date.now(),
    );
    log.info({ sms: id, from: pdu.from, customerId }, 'SMS received');
    if (OPT_OUT.test(text.trim())) service.optOut(pdu.from, 'sms', id);
    bus.emit('sms.received', { id, number: pdu.from, text, customerId });
  };

  /** The whole text once every part of a concatenated message is in. */
  const assemble = (from: string, text: string, c: Concat | null): string | undefined => {
    if (!c || c.total <= 1) return text;
    const key = `${from}/${c.ref}/${c.total}`;
    const now = Date.now();
    for (const [k, v] of partial) if (now - v.at > 24 * 3600_000) partial.delete(k);
    const entry = partial.get(key) ?? { parts: new Array<string | undefined>(c.total), at: now };
    entry.parts[c.seq - 1] = text;
    partial.set(key, entry);
    if (entry.parts.some((p) => p === undefined)) return undefined;
    partial.delete(key);
    return entry.parts.join('');
  };

  const onReport = (r: StatusReportPdu) => {
    if (r.outcome === 'pending') return;
    const part = store.partByReference(r.reference);
    if (!part) return log.info({ reference: r.reference }, 'status report for an unknown SMS');
    const now = Date.now();
    store.reportPart(part.message_id, part.seq, r.outcome, now);
    const statuses = store.partStatuses(part.message_id);
    if (r.outcome === 'failed') {
      store.setStatus(part.message_id, 'failed', { error: `status report 0x${r.status.toString(16)}` });
    } else if (statuses.every((s) => s === 'delivered')) {
      store.setStatus(part.message_id, 'delivered', { deliveredAt: now });
    }
  };

  const openModem = () => {
    if (!config.devicePath) return;
    const m = deps.openModem({ path: config.devicePath, baudRate: config.baud });
    modem = m;
    m.on('state', (h) => {
      log.info({ state: h.state, problem: h.problem }, 'modem state');
      bus.emit('sms.modem', { state: h.state, problem: h.problem });
      if (h.state === 'ready') pump().catch((err) => log.error({ err }, 'SMS pump failed'));
    });
    m.on('received', onReceived);
    m.on('report', onReport);
    m.start();
  };
  const closeModem = async () => {
    const m = modem;
    modem = undefined;
    m?.removeAllListeners();
    await m?.stop();
  };

  const service: SmsService = {
    send(input, actor) {
      if (store.isOptedOut(input.to)) {
        throw new AppError('conflict', `${input.to} opted out of SMS`, { field: 'to' });
      }
      const { encoding, parts } = splitText(input.text);
      const id = store.insert(
        {
          direction: 'out',
          number: input.to,
          text: input.text,
          encoding,
          parts: parts.length,
          status: 'queued',
          customerId: deps.customers.findByNumber(input.to)?.id ?? null,
          sentBy: actor.principal.userId,
        },
        Date.now(),
      );
      pump().catch((err) => log.error({ err }, 'SMS pump failed'));
      return { id, parts: parts.length, encoding, status: 'queued' };
    },
    list: (q) => mapPage(store.page(q), view),
    get: (id) => view(mustGet(id)),
    modem() {
      const h = modem?.health();
      return {
        configured: config.devicePath !== null,
        devicePath: config.devicePath,
        state: h?.state ?? 'stopped',
        problem: h?.problem ?? (config.devicePath ? null : 'no modem set'),
        simReady: h?.simReady ?? null,
        registration: h?.registration ?? null,
        signal: h?.signal ?? null,
        operator: h?.operator ?? null,
        since: iso(h?.since ?? Date.now()),
        checkedAt: h?.checkedAt ? iso(h.checkedAt) : null,
      };
    },
    settings: () => config,
    async setSettings(input, actor) {
      const before = config;
      deps.db.transaction(() => {
        store.setSettings(input, Date.now());
        deps.audit.record({
          principal: actor.principal,
          ip: actor.ip,
          action: 'update',
          entity: 'sms_settings',
          before,
          after: input,
        });
      })();
      config = store.settings();
      await closeModem();
      openModem();
      bus.emit('sms.modem', { state: modem?.health().state ?? 'stopped', problem: null });
      return config;
    },
    optOut(number, source, messageId = null) {
      const added = store.optOut(number, source, messageId, Date.now());
      if (added) log.info({ number, source }, 'number opted out of SMS');
      try {
        deps.optOutHook?.optOut(number, source);
      } catch (err) {
        log.error({ err, number }, 'opt-out hook failed');
      }
      return added;
    },
    isOptedOut: (number) => store.isOptedOut(number),
    banner() {
      if (!config.devicePath || !modem) return null;
      const h = modem.health();
      if (h.state === 'ready' && !h.problem) return null;
      return { problem: h.problem ?? h.state, since: h.since, devicePath: config.devicePath };
    },
    start: openModem,
    stop: closeModem,
  };
  return service;
}
