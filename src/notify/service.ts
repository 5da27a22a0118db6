import { randomBytes } from 'node:crypto';
import type { Actor } from '../audit/index.js';
import type { Bus } from '../bus.js';
import { refusedUrl } from '../customers/webhook.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import type { Logger } from '../log.js';
import { checkConditions, type Facts, matches } from './engine.js';
import { resultsOf } from './results.js';
import { type Channel, EventPost, type PreferencePut, RuleBody, type RulePatch } from './schema.js';
import { signatureProblem } from './signature.js';
import type { Action, NotifyEvent, NotifyStore, Rule } from './store.js';
import { fill } from './verbalize.js';
import { actionOfChannel, placeVoiceCall, removeVoiceFile, type VoiceDeps } from './voice.js';
import { attemptDelivery, type WebhookDeps, webhookBody } from './webhook.js';

/** Events an action's outcome raises are not raised past this depth (a chain of rules stops). */
export const MAX_CAUSE_DEPTH = 4;

/** Who acts for a rule (the audit rows of the SMS and tickets it makes name it). */
const RULES_ACTOR: Actor = {
  principal: { userId: 0, username: 'notify-rules', role: 'admin', via: 'token' },
};

export interface CustomerFacts {
  id: number;
  name: string;
  company: string;
  vip: number;
  numbers: string[];
}

export interface NotifyDeps {
  store: NotifyStore;
  change: Change;
  bus: Bus;
  log: Logger;
  voice: VoiceDeps;
  customers: { get(id: number): CustomerFacts; findByNumber(n: string): CustomerFacts | undefined };
  sms: {
    send(input: { to: string; text: string }, actor: Actor): { id: number };
    get(id: number): { status: string; number: string };
  };
  /** Opt-outs (the contacts domain's do-not-call list), for the results per rule. */
  dncOf(number: string): { createdAt: number } | undefined;
  mail: {
    send(r: { to: string; subject: string; text: string; reason: string }): number;
    message(id: number): { status: string };
  };
  tickets: {
    create(
      input: {
        title: string;
        description: string;
        customerId: number | null;
        callIds: number[];
        categoryId: number | null;
        priority: 'normal';
        assigneeUserId: null;
        assigneeQueueId: number;
      },
      actor: Actor,
    ): Promise<{ id: number }>;
  };
  queues: { exists(id: number): boolean };
  webhook: Pick<WebhookDeps, 'allowLocal' | 'post'>;
  now?: () => number;
}

/** An event as it comes in: from the API (signed) or from the box. */
export interface Incoming {
  source: 'api' | 'box';
  dedupKey: string;
  type: string;
  customerId?: number | null;
  number?: string | null;
  vars?: Record<string, string | number>;
  cause?: number[];
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Whether `at` (box local time) falls in quiet hours that may run past midnight. */
export function inQuietHours(q: { from: string; to: string } | null, at: Date): boolean {
  if (!q) return false;
  const m = at.getHours() * 60 + at.getMinutes();
  const [from, to] = [minutes(q.from), minutes(q.to)];
  return from <= to ? m >= from && m < to : m >= from || m < to;
}

/**
 * When quiet hours that hold at `at` end: the next `to` on the box's clock
 * (tomorrow's when today's has passed, for a window across midnight). Local
 * wall time, so a daylight-saving change moves the instant, not the hour.
 */
export function quietEnd(q: { from: string; to: string }, at: Date): Date {
  const end = new Date(
    at.getFullYear(),
    at.getMonth(),
    at.getDate(),
    Number(q.to.slice(0, 2)),
    Number(q.to.slice(3)),
  );
  if (end.getTime() <= at.getTime()) end.setDate(end.getDate() + 1);
  return end;
}

/** The rule's channels in the customer's preferred order: preferred ones first, the rest as the rule lists them. */
export function channelOrder(chain: Channel[], preferred: Channel[] | undefined): Channel[] {
  const first = (preferred ?? []).filter((c) => chain.includes(c));
  return [...first, ...chain.filter((c) => !first.includes(c))];
}

export function createNotifyService(deps: NotifyDeps) {
  const { store, log, bus } = deps;
  const now = deps.now ?? Date.now;
  /** Voice actions waiting for their call's outcome: what to try next if it is not answered. */
  const pendingVoice = new Map<number, () => void>();

  const mustRule = (id: number) =>
    store.rule(id) ??
    (() => {
      throw notFound(`rule ${id}`);
    })();

  const customerOf = (e: NotifyEvent): CustomerFacts | null => {
    if (e.customerId !== null) {
      try {
        return deps.customers.get(e.customerId);
      } catch {
        return null;
      }
    }
    return e.number ? (deps.customers.findByNumber(e.number) ?? null) : null;
  };

  const settle = (a: Action | number, x: Parameters<NotifyStore['settleAction']>[1]) => {
    const id = typeof a === 'number' ? a : a.id;
    store.settleAction(id, x, now());
    const after = store.action(id)!;
    bus.emit('notify.action', { id, ruleId: after.ruleId, channel: after.channel, status: after.status });
    raiseOutcome(after);
    return after;
  };

  /** An action's outcome is itself an event (notify.<channel>.<status>) other rules may act on. */
  function raiseOutcome(a: Action): void {
    const e = store.event(a.eventId);
    if (!e || a.status === 'calling' || a.status === 'skipped') return;
    const cause = [...e.cause, a.ruleId];
    if (cause.length > MAX_CAUSE_DEPTH) return;
    void ingest({
      source: 'box',
      dedupKey: `action:${a.id}:${a.status}`,
      type: `notify.${a.channel}.${a.status.replace(/-/g, '_')}`,
      customerId: e.customerId,
      number: e.number,
      vars: e.vars,
      cause,
    }).catch((err) => log.error({ err, action: a.id }, 'raising an action outcome failed'));
  }

  const newAction = (
    e: NotifyEvent,
    rule: Rule,
    channel: Action['channel'],
    status: Action['status'],
    detail = '',
    ref: number | null = null,
  ) => {
    const id = store.insertAction({ eventId: e.id, ruleId: rule.id, channel, status, ref, detail }, now());
    const a = store.action(id)!;
    if (status !== 'calling') raiseOutcome(a);
    return a;
  };

  /**
   * Tries the channels from `i` on until one is under way or sent. Voice or
   * SMS in quiet hours is stored `delayed` until the window ends and the
   * chain waits with it; `slot` is that action when it comes due (its row
   * takes the outcome, and quiet hours no longer apply).
   */
  async function runChain(
    rule: Rule,
    e: NotifyEvent,
    order: Channel[],
    i: number,
    slot?: number,
  ): Promise<void> {
    const c = order[i];
    if (c === undefined) return;
    const next = () => runChain(rule, e, order, i + 1);
    const record = (status: Action['status'], detail = '', ref: number | null = null) =>
      slot === undefined ? newAction(e, rule, c, status, detail, ref) : settle(slot, { status, detail, ref });
    const customer = customerOf(e);
    const number = e.number ?? customer?.numbers[0] ?? null;
    const email = (customer && store.preference(customer.id)?.email) ?? e.vars.email ?? null;
    const intrusive = c === 'voice' || c === 'sms';
    if (intrusive && !number) {
      record('skipped', 'no number');
      return next();
    }
    if (
      intrusive &&
      slot === undefined &&
      rule.quietHours &&
      inQuietHours(rule.quietHours, new Date(now()))
    ) {
      // one call (or SMS) per number waits: the first delayed one carries the chain for it
      if (store.delayedPlans(rule.id, c).some((p) => p?.kind === 'chain' && p.number === number)) {
        record('skipped', 'duplicate: one is already delayed for this number');
        return;
      }
      const due = quietEnd(rule.quietHours, new Date(now()));
      store.insertAction(
        {
          eventId: e.id,
          ruleId: rule.id,
          channel: c,
          status: 'delayed',
          ref: null,
          detail: `quiet hours until ${rule.quietHours.to}`,
          dueAt: due.getTime(),
          plan: { kind: 'chain', order, i, number },
        },
        now(),
      );
      return;
    }
    if (
      rule.perHourLimit > 0 &&
      store.recentCount(rule.id, c, now() - 3_600_000, slot) >= rule.perHourLimit
    ) {
      record('skipped', 'throttled');
      return next();
    }
    if (c === 'email' && !email) {
      record('skipped', 'no e-mail address');
      return next();
    }
    const text = fill(rule.message, e.vars, 'text');
    if (c === 'voice') {
      const a = record('calling');
      pendingVoice.set(a.id, () => void next());
      try {
        await placeVoiceCall(deps.voice, {
          actionId: a.id,
          number: number!,
          speech: fill(rule.message, e.vars, 'speech'),
          queueId: rule.queueId,
        });
      } catch (err) {
        pendingVoice.delete(a.id);
        removeVoiceFile(deps.voice.hostDir, a.id);
        settle(a, { status: 'failed', detail: (err as Error).message.slice(0, 300) });
        return next();
      }
      return;
    }
    try {
      if (c === 'sms') {
        const sms = deps.sms.send({ to: number!, text }, RULES_ACTOR);
        record('sent', '', sms.id);
      } else {
        const subject = fill(rule.subject, e.vars, 'text');
        const id = deps.mail.send({ to: email!, subject, text, reason: 'notification' });
        record('sent', '', id);
      }
    } catch (err) {
      record('failed', (err as Error).message.slice(0, 300));
      return next();
    }
  }

  /** Queues the rule's webhook: the event, the customer and the rule's actions so far (sent by runDue). */
  function queueWebhook(rule: Rule, e: NotifyEvent): void {
    if (!rule.webhook) return;
    const id = store.insertAction(
      {
        eventId: e.id,
        ruleId: rule.id,
        channel: 'webhook',
        status: 'pending',
        ref: null,
        detail: '',
        dueAt: now(),
      },
      now(),
    );
    const actions = store.actionsOfEvent(e.id).filter((a) => a.ruleId === rule.id && a.id !== id);
    store.setPlan(id, { kind: 'webhook', body: webhookBody(id, e, customerOf(e), rule, actions) });
  }

  /** A delayed action come due: its chain goes on from it (throttles apply now). */
  async function fireDelayed(a: Action): Promise<void> {
    const plan = store.plan(a.id);
    const rule = store.rule(a.ruleId);
    const e = store.event(a.eventId);
    if (plan?.kind !== 'chain' || !rule || !e) {
      settle(a, { status: 'skipped', detail: 'the rule was removed' });
      return;
    }
    await runChain(rule, e, plan.order, plan.i, a.id);
  }

  const webhookDeps: WebhookDeps = { store, log, now, ...deps.webhook };
  let running: Promise<void> = Promise.resolve();
  /**
   * Fires delayed actions and attempts webhook deliveries due at `at`
   * (default now), one at a time; runs never overlap. Both are rows, so a
   * restart picks them up where they were.
   */
  function runDue(at?: number): Promise<void> {
    running = running.then(async () => {
      for (const id of store.due(at ?? now())) {
        const a = store.action(id);
        try {
          if (a?.status === 'delayed') await fireDelayed(a);
          else if (a?.status === 'pending' && a.channel === 'webhook') {
            const status = await attemptDelivery(webhookDeps, a);
            if (status !== 'pending') {
              const after = store.action(id)!;
              bus.emit('notify.action', { id, ruleId: after.ruleId, channel: 'webhook', status });
              raiseOutcome(after);
            }
          }
        } catch (err) {
          log.error({ err, action: id }, 'a due notification action failed');
        }
      }
    });
    return running;
  }

  async function callbackTask(rule: Rule, e: NotifyEvent): Promise<void> {
    if (rule.taskQueueId === null || !deps.queues.exists(rule.taskQueueId)) return;
    const customer = customerOf(e);
    try {
      const t = await deps.tickets.create(
        {
          title: `回电：${rule.name}`.slice(0, 200),
          description: fill(rule.message, e.vars, 'text'),
          customerId: customer?.id ?? null,
          callIds: [],
          categoryId: null,
          priority: 'normal',
          assigneeUserId: null,
          assigneeQueueId: rule.taskQueueId,
        },
        RULES_ACTOR,
      );
      newAction(e, rule, 'task', 'created', '', t.id);
    } catch (err) {
      newAction(e, rule, 'task', 'failed', (err as Error).message.slice(0, 300));
    }
  }

  /** Stores an event (once per key) and runs every rule it matches. */
  async function ingest(inc: Incoming): Promise<{ event: NotifyEvent; duplicate: boolean }> {
    const vars = Object.fromEntries(Object.entries(inc.vars ?? {}).map(([k, v]) => [k, String(v)]));
    const { event, created } = store.insertEvent(inc.dedupKey, {
      source: inc.source,
      type: inc.type,
      customerId: inc.customerId ?? null,
      number: inc.number ?? null,
      vars,
      cause: inc.cause ?? [],
      receivedAt: now(),
    });
    if (!created) return { event, duplicate: true };
    const customer = customerOf(event);
    const facts: Facts = {
      event: {
        type: event.type,
        source: event.source,
        number: event.number,
        customerId: customer?.id ?? null,
      },
      vars: event.vars,
      customer,
    };
    for (const rule of store.rules().filter((r) => r.enabled && r.eventType === event.type)) {
      // an action's own outcome coming back to the rule that took it: refused, once, on the record
      if (event.cause.includes(rule.id)) {
        newAction(event, rule, 'task', 'skipped', 'loop: the event came from this rule’s own action');
        continue;
      }
      if (!(await matches(rule.conditions, facts))) continue;
      const preferred = customer ? store.preference(customer.id)?.channels : undefined;
      await runChain(rule, event, channelOrder(rule.chain, preferred), 0);
      await callbackTask(rule, event);
      queueWebhook(rule, event);
    }
    if (store.due(now()).length > 0) void runDue();
    return { event, duplicate: false };
  }

  // the voice calls' outcomes, from the AMI adapter
  const onOriginate = (r: { context: string; exten: string; answered: boolean; reason: number }) => {
    if (r.context !== 'hotline-notify' || !/^[0-9]+$/.test(r.exten)) return;
    const a = store.action(Number(r.exten));
    if (a?.status !== 'calling') return;
    if (r.answered) {
      pendingVoice.delete(a.id);
      settle(a, { status: 'answered' });
    } else {
      removeVoiceFile(deps.voice.hostDir, a.id);
      settle(a, { status: 'no-answer', detail: `originate reason ${r.reason}` });
      const next = pendingVoice.get(a.id);
      pendingVoice.delete(a.id);
      next?.();
    }
  };
  const onStep = (s: { action: number; step: string; key: string }) => {
    const a = store.action(s.action);
    if (a?.channel !== 'voice') return;
    pendingVoice.delete(a.id);
    // the message is no longer played once a key was read (or none came in three tries)
    if (s.step !== 'answered') removeVoiceFile(deps.voice.hostDir, a.id);
    if (s.step === 'answered' && a.status === 'calling') settle(a, { status: 'answered' });
    else if (s.step === 'handover') settle(a, { status: 'handed-over', resultKey: '0' });
    else if (s.step === 'key' && s.key !== '' && s.key !== '0')
      settle(a, { status: 'confirmed', resultKey: s.key });
  };

  return {
    start() {
      bus.on('notify', 'originate.response', onOriginate);
      bus.on('notify', 'notify.call', onStep);
    },
    stop() {
      bus.off('notify');
    },

    ingest,
    runDue,

    /** A business system's signed post: verified, parsed, stored once per key, acted on. */
    async receive(headers: { integration?: string; signature?: string }, raw: Buffer | undefined) {
      const id = Number(headers.integration);
      const integ = Number.isInteger(id) && id > 0 ? store.integration(id) : undefined;
      if (!integ) throw new AppError('unauthorized', 'unknown integration (X-Hotline-Integration)');
      const problem = signatureProblem(integ.secret, headers.signature, raw ?? Buffer.alloc(0), now());
      if (problem) throw new AppError('unauthorized', problem);
      let json: unknown;
      try {
        json = JSON.parse((raw ?? Buffer.alloc(0)).toString('utf8'));
      } catch {
        throw validation('body', 'the body must be JSON');
      }
      const body = EventPost.parse(json);
      if (body.customerId !== undefined) {
        try {
          deps.customers.get(body.customerId);
        } catch {
          throw validation('customerId', `no customer ${body.customerId}`);
        }
      }
      const { event, duplicate } = await ingest({
        source: 'api',
        dedupKey: `api:${integ.id}:${body.key}`,
        type: body.type,
        customerId: body.customerId ?? null,
        number: body.number ?? null,
        vars: body.vars,
      });
      return { eventId: event.id, duplicate, actions: store.actionsOfEvent(event.id) };
    },

    integrations: {
      list: () =>
        store
          .integrations()
          .map((i) => ({ id: i.id, name: i.name, createdAt: new Date(i.created_at).toISOString() })),
      async create(name: string, actor: Actor) {
        if (store.integrationByName(name))
          throw new AppError('conflict', `an integration named ${name} exists`, { field: 'name' });
        const secret = newSecret();
        const id = await deps.change({
          actor,
          entity: 'notify_integration',
          action: 'create',
          config: false,
          event: 'notify.changed',
          // the secret is never audited: it is shown once, in this answer
          after: (x: number) => ({ id: x, name }),
          mutate: () => store.insertIntegration(name, secret, now()),
        });
        return { id, name, secret };
      },
      /** A new secret, answered once like the first; the old one stops working at once. */
      async rotate(id: number, actor: Actor) {
        const before = store.integration(id);
        if (!before) throw notFound(`integration ${id}`);
        const secret = randomBytes(32).toString('hex');
        await deps.change({
          actor,
          entity: 'notify_integration',
          action: 'rotate',
          id,
          config: false,
          event: 'notify.changed',
          // audited without the secret, as on create
          before: { id, name: before.name },
          after: () => ({ id, name: before.name, secretRotated: true }),
          mutate: () => store.setIntegrationSecret(id, secret),
        });
        return { id, name: before.name, secret };
      },
      async remove(id: number, actor: Actor) {
        const before = store.integration(id);
        if (!before) throw notFound(`integration ${id}`);
        await deps.change({
          actor,
          entity: 'notify_integration',
          action: 'delete',
          id,
          config: false,
          event: 'notify.changed',
          before: { id, name: before.name },
          mutate: () => store.removeIntegration(id),
        });
      },
    },

    rules: {
      list: () => ({ items: store.rules(), total: store.rules().length }),
      get: (id: number) => mustRule(id),
      async create(input: RuleBody, actor: Actor) {
        const r = RuleBody.parse(input);
        await checkRule(r);
        const secret = r.webhook ? newSecret() : null;
        const id = await deps.change({
          actor,
          entity: 'notify_rule',
          action: 'create',
          config: false,
          event: 'notify.changed',
          // the webhook's secret is never audited: it is shown once, in this answer
          after: () => r,
          mutate: () => {
            const id = store.insertRule(r, now());
            store.setWebhookSecret(id, secret);
            return id;
          },
        });
        return withSecret(mustRule(id), secret);
      },
      async update(id: number, patch: ReturnType<typeof RulePatch.parse>, actor: Actor) {
        const before = mustRule(id);
        const { id: _i, createdAt: _c, updatedAt: _u, ...fields } = before;
        const r = RuleBody.parse({
          ...fields,
          ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        });
        await checkRule(r, id);
        // a webhook set where there was none gets a secret (answered once); a removed one loses it
        const had = store.webhookSecret(id);
        const secret = r.webhook && !had ? newSecret() : null;
        await deps.change({
          actor,
          entity: 'notify_rule',
          action: 'update',
          id,
          config: false,
          event: 'notify.changed',
          before,
          after: () => r,
          mutate: () => {
            store.updateRule(id, r, now());
            if (secret || !r.webhook) store.setWebhookSecret(id, secret);
          },
        });
        return withSecret(mustRule(id), secret);
      },
      async remove(id: number, actor: Actor) {
        const before = mustRule(id);
        await deps.change({
          actor,
          entity: 'notify_rule',
          action: 'delete',
          id,
          config: false,
          event: 'notify.changed',
          before,
          mutate: () => store.removeRule(id),
        });
      },
    },

    preference: (customerId: number) => {
      deps.customers.get(customerId);
      return { customerId, ...(store.preference(customerId) ?? { channels: [], email: null }) };
    },
    async setPreference(customerId: number, p: PreferencePut, actor: Actor) {
      deps.customers.get(customerId);
      const before = store.preference(customerId) ?? null;
      await deps.change({
        actor,
        entity: 'notify_preference',
        action: before ? 'update' : 'create',
        id: customerId,
        config: false,
        event: 'notify.changed',
        before,
        after: () => p,
        mutate: () => store.putPreference(customerId, p.channels, p.email, now()),
      });
      return { customerId, ...p };
    },

    events: (limit: number, offset: number) => store.events(limit, offset),
    event(id: number) {
      const e = store.event(id);
      if (!e) throw notFound(`event ${id}`);
      return { ...e, actions: store.actionsOfEvent(id) };
    },

    /** What the desk shows for a call that is a voice notification handed over (its channel's uniqueid). */
    contextOf(uniqueid: string) {
      const id = actionOfChannel(uniqueid);
      const a = id === null ? undefined : store.action(id);
      const e = a && store.event(a.eventId);
      const rule = a && store.rule(a.ruleId);
      if (!a || !e) return null;
      return {
        actionId: a.id,
        rule: rule?.name ?? null,
        eventType: e.type,
        eventId: e.id,
        vars: e.vars,
        message: rule ? fill(rule.message, e.vars, 'text') : '',
      };
    },

    /** Per rule: events, actions per channel, voice connects, keys, hand-overs, SMS and e-mail outcomes. */
    results() {
      return store.rules().map((rule) => resultsOf(rule, store.actionsOfRule(rule.id), deps));
    },
  };

  async function checkRule(r: RuleBody, self?: number) {
    const other = store.ruleIdByName(r.name);
    if (other !== undefined && other !== self)
      throw new AppError('conflict', `a rule named ${r.name} exists`, { field: 'name' });
    if (r.queueId !== null && !deps.queues.exists(r.queueId))
      throw validation('queueId', `no queue ${r.queueId}`);
    if (r.taskQueueId !== null && !deps.queues.exists(r.taskQueueId))
      throw validation('taskQueueId', `no queue ${r.taskQueueId}`);
    if (r.webhook && !deps.webhook.allowLocal) {
      const why = refusedUrl(r.webhook.url);
      if (why) throw validation('webhook.url', `webhook.url is refused: ${why}`);
    }
    await checkConditions(r.conditions);
  }
}

const newSecret = () => randomBytes(32).toString('hex');

/** A rule as answered right after its webhook got a secret: the one time the secret is shown. */
const withSecret = (r: Rule, secret: string | null) => (secret ? { ...r, webhookSecret: secret } : r);

export type NotifyService = ReturnType<typeof createNotifyService>;
