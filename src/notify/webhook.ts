import { postWebhook, WebhookRefused } from '../customers/webhook.js';
import type { Logger } from '../log.js';
import { sign } from './signature.js';
import type { Action, NotifyEvent, NotifyStore, Rule } from './store.js';

/** The wait before attempt n + 1 after n failed ones: 5 s, 20 s, 80 s, 5 min 20 s, ... at most an hour. */
export const backoffMs = (failed: number) => Math.min(5_000 * 4 ** (failed - 1), 3_600_000);

/** An answer is read and dropped; a partner's error page is not worth more than this. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * What a rule's webhook receives: the event, the customer's fields, the rule
 * and this rule's actions on the event so far. `deliveryId` is the same on
 * every retry, so a partner can tell a retry from a new notification.
 */
export function webhookBody(
  deliveryId: number,
  e: NotifyEvent,
  customer: unknown,
  rule: Rule,
  actions: Action[],
): string {
  return JSON.stringify({
    deliveryId,
    event: {
      id: e.id,
      type: e.type,
      source: e.source,
      number: e.number,
      customerId: e.customerId,
      vars: e.vars,
      receivedAt: new Date(e.receivedAt).toISOString(),
    },
    customer,
    rule: { id: rule.id, name: rule.name },
    actions: actions.map((a) => ({
      id: a.id,
      channel: a.channel,
      status: a.status,
      resultKey: a.resultKey,
      detail: a.detail,
    })),
  });
}

export interface WebhookDeps {
  store: NotifyStore;
  log: Logger;
  now: () => number;
  /** Loopback, link-local and own addresses allowed (settings: notify.webhookAllowLocal). */
  allowLocal: boolean;
  post?: typeof postWebhook;
}

/**
 * One attempt of a pending delivery, signed like the intake (`t=<unix
 * seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, a fresh timestamp
 * each attempt). A 2xx is `sent`; a refused target, a 4xx other than 408
 * and 429, or the last attempt is `failed`; anything else is `pending`
 * again at the next backoff. Answers the action's new status.
 */
export async function attemptDelivery(deps: WebhookDeps, a: Action): Promise<Action['status']> {
  const { store, now } = deps;
  const rule = store.rule(a.ruleId);
  const secret = store.webhookSecret(a.ruleId);
  const plan = store.plan(a.id);
  const attempts = a.attempts + 1;
  const settle = (
    status: Action['status'],
    httpStatus: number | null,
    detail: string,
    dueAt: number | null,
  ) => {
    store.settleDelivery(a.id, { status, attempts, httpStatus, dueAt, detail: detail.slice(0, 300) }, now());
    return status;
  };
  if (!rule?.webhook || !secret || plan?.kind !== 'webhook')
    return settle('failed', null, 'the rule or its webhook was removed', null);
  const hook = rule.webhook;
  let status: number | null = null;
  let error: string;
  let permanent = false;
  try {
    status = await (deps.post ?? postWebhook)(
      new URL(hook.url),
      plan.body,
      {
        'user-agent': 'hotlined',
        'x-hotline-delivery': String(a.id),
        'x-hotline-rule': String(rule.id),
        'x-hotline-signature': sign(secret, plan.body, now()),
      },
      { timeoutMs: hook.timeoutMs, maxBytes: MAX_ANSWER_BYTES, allowLocal: deps.allowLocal },
    );
    if (status >= 200 && status < 300) return settle('sent', status, '', null);
    error = `answered ${status}`;
    permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  } catch (err) {
    error = (err as Error).message;
    permanent = err instanceof WebhookRefused;
  }
  deps.log.info({ action: a.id, attempts, status, error }, 'webhook delivery failed');
  if (permanent || attempts >= hook.maxAttempts) return settle('failed', status, error, null);
  return settle('pending', status, error, now() + backoffMs(attempts));
}
