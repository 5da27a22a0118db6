import type { Db } from '../db/index.js';
import type { ActionStatus, Channel, RuleBody } from './schema.js';

export interface Rule extends RuleBody {
  id: number;
  createdAt: number;
  updatedAt: number;
}

export interface NotifyEvent {
  id: number;
  source: 'api' | 'box';
  type: string;
  customerId: number | null;
  number: string | null;
  vars: Record<string, string>;
  /** The rules whose actions led to this event (an action's own event), oldest first. */
  cause: number[];
  receivedAt: number;
}

export interface Action {
  id: number;
  eventId: number;
  ruleId: number;
  channel: Channel | 'task' | 'webhook' | 'mail-voicemail';
  status: ActionStatus;
  resultKey: string | null;
  /** The SMS, outbox message or ticket it made. */
  ref: number | null;
  detail: string;
  /** A delayed action's time to go; a retrying webhook's next attempt. */
  dueAt: number | null;
  /** Webhook deliveries: attempts made and the last HTTP status (null: no answer). */
  attempts: number;
  httpStatus: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What a stored action needs to go on later: a delayed one's chain, a webhook's body. */
export type Plan =
  | { kind: 'chain'; order: Channel[]; i: number; number: string | null }
  | { kind: 'webhook'; body: string };

interface RuleRow {
  id: number;
  name: string;
  enabled: number;
  event_type: string;
  conditions: string;
  spec: string;
  created_at: number;
  updated_at: number;
}
interface EventRow {
  id: number;
  source: NotifyEvent['source'];
  type: string;
  customer_id: number | null;
  number: string | null;
  vars: string;
  cause: string;
  received_at: number;
}
interface ActionRow {
  id: number;
  event_id: number;
  rule_id: number;
  channel: Action['channel'];
  status: ActionStatus;
  result_key: string | null;
  ref: number | null;
  detail: string;
  due_at: number | null;
  attempts: number;
  http_status: number | null;
  created_at: number;
  updated_at: number;
}

const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled === 1,
  eventType: r.event_type,
  conditions: JSON.parse(r.conditions),
  ...JSON.parse(r.spec),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toEvent = (r: EventRow): NotifyEvent => ({
  id: r.id,
  source: r.source,
  type: r.type,
  customerId: r.customer_id,
  number: r.number,
  vars: JSON.parse(r.vars),
  cause: JSON.parse(r.cause),
  receivedAt: r.received_at,
});

const toAction = (r: ActionRow): Action => ({
  id: r.id,
  eventId: r.event_id,
  ruleId: r.rule_id,
  channel: r.channel,
  status: r.status,
  resultKey: r.result_key,
  ref: r.ref,
  detail: r.detail,
  dueAt: r.due_at,
  attempts: r.attempts,
  httpStatus: r.http_status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const ACTION_COLUMNS =
  'id, event_id, rule_id, channel, status, result_key, ref, detail, due_at, attempts, http_status, created_at, updated_at';

/** A rule's stored columns, in the order the insert and the update name them. */
const ruleColumns = (r: RuleBody) =>
  [r.name, r.enabled ? 1 : 0, r.eventType, JSON.stringify(r.conditions), specOf(r)] as const;

const specOf = (r: RuleBody) => {
  const { name: _n, enabled: _e, eventType: _t, conditions: _c, ...spec } = r;
  return JSON.stringify(spec);
};

/** The only SQL of the notify tables. */
export function createNotifyStore(db: Db) {
  const s = {
    integrationByName: db.prepare(
      'SELECT id, name, secret, created_at FROM notify_integrations WHERE name = ?',
    ),
    integration: db.prepare('SELECT id, name, secret, created_at FROM notify_integrations WHERE id = ?'),
    integrations: db.prepare('SELECT id, name, created_at FROM notify_integrations ORDER BY id'),
    insertIntegration: db.prepare(
      'INSERT INTO notify_integrations (name, secret, created_at) VALUES (?, ?, ?)',
    ),
    removeIntegration: db.prepare('DELETE FROM notify_integrations WHERE id = ?'),
    setIntegrationSecret: db.prepare('UPDATE notify_integrations SET secret = ? WHERE id = ?'),
    rules: db.prepare(
      'SELECT id, name, enabled, event_type, conditions, spec, created_at, updated_at FROM notify_rules ORDER BY id',
    ),
    rule: db.prepare(
      'SELECT id, name, enabled, event_type, conditions, spec, created_at, updated_at FROM notify_rules WHERE id = ?',
    ),
    ruleByName: db.prepare('SELECT id FROM notify_rules WHERE name = ?'),
    insertRule: db.prepare(
      'INSERT INTO notify_rules (name, enabled, event_type, conditions, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateRule: db.prepare(
      'UPDATE notify_rules SET name = ?, enabled = ?, event_type = ?, conditions = ?, spec = ?, updated_at = ? WHERE id = ?',
    ),
    removeRule: db.prepare('DELETE FROM notify_rules WHERE id = ?'),
    preference: db.prepare('SELECT channels, email FROM notify_preferences WHERE customer_id = ?'),
    putPreference: db.prepare(
      `INSERT INTO notify_preferences (customer_id, channels, email, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(customer_id) DO UPDATE SET channels = excluded.channels, email = excluded.email, updated_at = excluded.updated_at`,
    ),
    insertEvent: db.prepare(
      `INSERT INTO notify_events (source, dedup_key, type, customer_id, number, vars, cause, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup_key) DO NOTHING`,
    ),
    eventByKey: db.prepare(
      'SELECT id, source, type, customer_id, number, vars, cause, received_at FROM notify_events WHERE dedup_key = ?',
    ),
    event: db.prepare(
      'SELECT id, source, type, customer_id, number, vars, cause, received_at FROM notify_events WHERE id = ?',
    ),
    events: db.prepare(
      'SELECT id, source, type, customer_id, number, vars, cause, received_at FROM notify_events ORDER BY id DESC LIMIT ? OFFSET ?',
    ),
    countEvents: db.prepare('SELECT count(*) AS n FROM notify_events'),
    insertAction: db.prepare(
      `INSERT INTO notify_actions (event_id, rule_id, channel, status, result_key, ref, detail, due_at, plan, created_at, updated_at)
       VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    ),
    settleAction: db.prepare(
      'UPDATE notify_actions SET status = ?, result_key = coalesce(?, result_key), ref = coalesce(?, ref), detail = ?, updated_at = ? WHERE id = ?',
    ),
    action: db.prepare(`SELECT ${ACTION_COLUMNS} FROM notify_actions WHERE id = ?`),
    actionsOfEvent: db.prepare(`SELECT ${ACTION_COLUMNS} FROM notify_actions WHERE event_id = ? ORDER BY id`),
    actionsOfRule: db.prepare(`SELECT ${ACTION_COLUMNS} FROM notify_actions WHERE rule_id = ? ORDER BY id`),
    recentCount: db.prepare(
      "SELECT count(*) AS n FROM notify_actions WHERE rule_id = ? AND channel = ? AND coalesce(due_at, created_at) >= ? AND status NOT IN ('skipped', 'delayed') AND id <> ?",
    ),
    due: db.prepare(
      "SELECT id FROM notify_actions WHERE status IN ('delayed', 'pending') AND due_at <= ? ORDER BY due_at, id LIMIT 100",
    ),
    delayed: db.prepare(
      "SELECT plan FROM notify_actions WHERE rule_id = ? AND channel = ? AND status = 'delayed'",
    ),
    plan: db.prepare('SELECT plan FROM notify_actions WHERE id = ?'),
    setPlan: db.prepare('UPDATE notify_actions SET plan = ? WHERE id = ?'),
    settleDelivery: db.prepare(
      'UPDATE notify_actions SET status = ?, attempts = ?, http_status = ?, due_at = ?, detail = ?, updated_at = ? WHERE id = ?',
    ),
    webhookSecret: db.prepare('SELECT webhook_secret FROM notify_rules WHERE id = ?'),
    setWebhookSecret: db.prepare('UPDATE notify_rules SET webhook_secret = ? WHERE id = ?'),
  };

  return {
    integrations: () => s.integrations.all() as { id: number; name: string; created_at: number }[],
    integration: (id: number) =>
      s.integration.get(id) as { id: number; name: string; secret: string; created_at: number } | undefined,
    integrationByName: (name: string) => s.integrationByName.get(name) as { id: number } | undefined,
    insertIntegration: (name: string, secret: string, now: number) =>
      Number(s.insertIntegration.run(name, secret, now).lastInsertRowid),
    removeIntegration: (id: number) => s.removeIntegration.run(id).changes > 0,
    setIntegrationSecret: (id: number, secret: string) => {
      s.setIntegrationSecret.run(secret, id);
    },

    rules: () => (s.rules.all() as RuleRow[]).map(toRule),
    rule: (id: number) => {
      const r = s.rule.get(id) as RuleRow | undefined;
      return r && toRule(r);
    },
    ruleIdByName: (name: string) => (s.ruleByName.get(name) as { id: number } | undefined)?.id,
    insertRule: (r: RuleBody, now: number) =>
      Number(s.insertRule.run(...ruleColumns(r), now, now).lastInsertRowid),
    updateRule: (id: number, r: RuleBody, now: number) => s.updateRule.run(...ruleColumns(r), now, id),
    removeRule: (id: number) => s.removeRule.run(id).changes > 0,

    preference: (customerId: number) => {
      const r = s.preference.get(customerId) as { channels: string; email: string | null } | undefined;
      return r && { channels: JSON.parse(r.channels) as Channel[], email: r.email };
    },
    putPreference: (customerId: number, channels: Channel[], email: string | null, now: number) =>
      s.putPreference.run(customerId, JSON.stringify(channels), email, now),

    /** Stores the event unless its key was seen: answers it and whether it is new. */
    insertEvent(dedupKey: string, e: Omit<NotifyEvent, 'id'>): { event: NotifyEvent; created: boolean } {
      const r = s.insertEvent.run(
        e.source,
        dedupKey,
        e.type,
        e.customerId,
        e.number,
        JSON.stringify(e.vars),
        JSON.stringify(e.cause),
        e.receivedAt,
      );
      return { event: toEvent(s.eventByKey.get(dedupKey) as EventRow), created: r.changes > 0 };
    },
    event: (id: number) => {
      const r = s.event.get(id) as EventRow | undefined;
      return r && toEvent(r);
    },
    events: (limit: number, offset: number) => ({
      items: (s.events.all(limit, offset) as EventRow[]).map(toEvent),
      total: (s.countEvents.get() as { n: number }).n,
    }),

    insertAction: (
      a: Pick<Action, 'eventId' | 'ruleId' | 'channel' | 'status' | 'ref' | 'detail'> & {
        dueAt?: number | null;
        plan?: Plan | null;
      },
      now: number,
    ) =>
      Number(
        s.insertAction.run(
          a.eventId,
          a.ruleId,
          a.channel,
          a.status,
          a.ref,
          a.detail,
          a.dueAt ?? null,
          a.plan ? JSON.stringify(a.plan) : null,
          now,
          now,
        ).lastInsertRowid,
      ),
    settleAction: (
      id: number,
      x: { status: ActionStatus; resultKey?: string | null; ref?: number | null; detail?: string },
      now: number,
    ) => {
      const before = s.action.get(id) as ActionRow | undefined;
      s.settleAction.run(
        x.status,
        x.resultKey ?? null,
        x.ref ?? null,
        x.detail ?? before?.detail ?? '',
        now,
        id,
      );
    },
    action: (id: number) => {
      const r = s.action.get(id) as ActionRow | undefined;
      return r && toAction(r);
    },
    actionsOfEvent: (id: number) => (s.actionsOfEvent.all(id) as ActionRow[]).map(toAction),
    actionsOfRule: (id: number) => (s.actionsOfRule.all(id) as ActionRow[]).map(toAction),
    /** Actions of a rule's channel that went since `since` (a delayed one counts from its due time). */
    recentCount: (ruleId: number, channel: string, since: number, except = 0) =>
      (s.recentCount.get(ruleId, channel, since, except) as { n: number }).n,
    /** Delayed actions and webhook retries due at `at`, oldest first. */
    due: (at: number) => (s.due.all(at) as { id: number }[]).map((r) => r.id),
    /** The plans of a rule's channel's actions still delayed (a second one for the same number is a duplicate). */
    delayedPlans: (ruleId: number, channel: string) =>
      (s.delayed.all(ruleId, channel) as { plan: string | null }[]).map(
        (r) => (r.plan ? JSON.parse(r.plan) : null) as Plan | null,
      ),
    plan: (id: number) => {
      const r = s.plan.get(id) as { plan: string | null } | undefined;
      return r?.plan ? (JSON.parse(r.plan) as Plan) : null;
    },
    setPlan: (id: number, plan: Plan) => s.setPlan.run(JSON.stringify(plan), id),
    settleDelivery: (
      id: number,
      d: {
        status: ActionStatus;
        attempts: number;
        httpStatus: number | null;
        dueAt: number | null;
        detail: string;
      },
      now: number,
    ) => s.settleDelivery.run(d.status, d.attempts, d.httpStatus, d.dueAt, d.detail, now, id),
    webhookSecret: (ruleId: number) =>
      (s.webhookSecret.get(ruleId) as { webhook_secret: string | null } | undefined)?.webhook_secret ?? null,
    setWebhookSecret: (ruleId: number, secret: string | null) => s.setWebhookSecret.run(secret, ruleId),
  };
}
export type NotifyStore = ReturnType<typeof createNotifyStore>;
