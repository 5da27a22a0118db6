import type { Action, Rule } from './store.js';

/** Where the SMS and e-mail actions' later outcomes are read (delivery reports, bounces). */
export interface Outcomes {
  sms: { get(id: number): { status: string; number: string } };
  mail: { message(id: number): { status: string } };
  /** The number's do-not-call entry, if any (the contacts domain). */
  dncOf(number: string): { createdAt: number } | undefined;
}

/**
 * One rule's results: events, actions per channel, voice connects and keys,
 * hand-overs, SMS and e-mail outcomes, callback tasks, webhook deliveries,
 * skipped actions by reason and those still delayed.
 */
export function resultsOf(rule: Rule, actions: Action[], deps: Outcomes) {
  const of = (c: string) => actions.filter((a) => a.channel === c);
  const voice = of('voice');
  const webhooks = of('webhook');
  const keys: Record<string, number> = {};
  for (const a of voice)
    if (a.status === 'confirmed' && a.resultKey) keys[a.resultKey] = (keys[a.resultKey] ?? 0) + 1;
  const smsSent = of('sms').filter((a) => a.status === 'sent' && a.ref !== null);
  const smsStatus = smsSent.map((a) => safeStatus(() => deps.sms.get(a.ref!).status));
  // an opt-out counts for the rule whose SMS the number got before it (回复TD, a keypress, the API)
  const optedOut = new Set<string>();
  for (const a of smsSent) {
    const number = safeStatus(() => deps.sms.get(a.ref!).number);
    const dnc = deps.dncOf(number);
    if (dnc && dnc.createdAt >= a.createdAt) optedOut.add(number);
  }
  const mailStatus = of('email')
    .filter((a) => a.status === 'sent' && a.ref !== null)
    .map((a) => safeStatus(() => deps.mail.message(a.ref!).status));
  const count = (xs: string[], s: string) => xs.filter((x) => x === s).length;
  return {
    ruleId: rule.id,
    rule: rule.name,
    events: new Set(actions.map((a) => a.eventId)).size,
    actions: Object.fromEntries(
      ['voice', 'sms', 'email', 'task', 'webhook'].map((c) => [
        c,
        of(c).filter((a) => a.status !== 'skipped' && a.status !== 'delayed').length,
      ]),
    ),
    voice: {
      calls: voice.filter((a) => a.status !== 'skipped' && a.status !== 'delayed').length,
      connects: voice.filter((a) => ['answered', 'confirmed', 'handed-over'].includes(a.status)).length,
      noAnswer: count(
        voice.map((a) => a.status),
        'no-answer',
      ),
      confirmationsByKey: keys,
      handOvers: count(
        voice.map((a) => a.status),
        'handed-over',
      ),
    },
    sms: {
      sent: smsStatus.length,
      delivered: count(smsStatus, 'delivered'),
      failed: count(smsStatus, 'failed') + of('sms').filter((a) => a.status === 'failed').length,
    },
    email: {
      sent: mailStatus.filter((s) => s !== 'bounced').length,
      bounced: count(mailStatus, 'bounced'),
      failed: count(mailStatus, 'failed') + of('email').filter((a) => a.status === 'failed').length,
    },
    tasks: of('task').filter((a) => a.status === 'created').length,
    /** Numbers that opted out after this rule's SMS reached them. */
    optOuts: optedOut.size,
    webhook: {
      sent: count(
        webhooks.map((a) => a.status),
        'sent',
      ),
      failed: count(
        webhooks.map((a) => a.status),
        'failed',
      ),
      pending: count(
        webhooks.map((a) => a.status),
        'pending',
      ),
      /** The latest deliveries, newest first: HTTP status, attempts, last error. */
      deliveries: webhooks
        .slice(-20)
        .reverse()
        .map((a) => ({
          actionId: a.id,
          eventId: a.eventId,
          status: a.status,
          httpStatus: a.httpStatus,
          attempts: a.attempts,
          lastError: a.detail || null,
          nextAttemptAt: a.status === 'pending' && a.dueAt !== null ? new Date(a.dueAt).toISOString() : null,
        })),
    },
    delayed: actions.filter((a) => a.status === 'delayed').length,
    skipped: Object.fromEntries(
      [...new Set(actions.filter((a) => a.status === 'skipped').map((a) => a.detail.split(':')[0]!))].map(
        (why) => [
          why,
          actions.filter((a) => a.status === 'skipped' && a.detail.split(':')[0] === why).length,
        ],
      ),
    ),
  };
}

const safeStatus = (get: () => string) => {
  try {
    return get();
  } catch {
    return 'unknown';
  }
};
