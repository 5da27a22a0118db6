import type { Bus } from '../bus.js';
import type { Logger } from '../log.js';
import type { Incoming } from './service.js';

/**
 * The box's own events, as rules see them: a caller who gave up in a queue
 * (call.abandoned), a voicemail left (voicemail.left), a ticket resolved
 * (ticket.resolved), an E1/T1 span alarm (span.alarm). Each has a key of
 * its own, so a replayed bus event is one event.
 */
export function listenToBox(
  bus: Bus,
  target: { ingest(e: Incoming): Promise<unknown> },
  log: Logger,
): () => void {
  const owner = 'notify-box';
  const callers = new Map<string, string>();
  const send = (e: Incoming) =>
    void target
      .ingest(e)
      .catch((err) => log.error({ err, type: e.type }, 'a box event could not be acted on'));
  bus.on(owner, 'queue.caller.joined', (e) => {
    callers.set(e.uniqueid, e.callerIdNum);
    if (callers.size > 5000) callers.delete(callers.keys().next().value as string);
  });
  bus.on(owner, 'queue.caller.abandoned', (e) => {
    const number = callers.get(e.uniqueid) ?? null;
    send({
      source: 'box',
      dedupKey: `box:abandoned:${e.uniqueid}`,
      type: 'call.abandoned',
      number: number && /^\+?[0-9]{3,20}$/.test(number) ? number : null,
      vars: { queue: e.queue, waitSec: e.holdTimeSec, number: number ?? '' },
    });
  });
  bus.on(owner, 'voicemail.left', (e) => {
    const mailbox = e.mailbox.split('@')[0] ?? '';
    send({
      source: 'box',
      dedupKey: `box:voicemail:${e.mailbox}:${e.newCount}:${Math.floor(Date.now() / 60_000)}`,
      type: 'voicemail.left',
      vars: { mailbox, newCount: e.newCount },
    });
  });
  bus.on(owner, 'ticket.changed', (e) => {
    if (e.status !== 'resolved' || e.action !== 'update') return;
    send({
      source: 'box',
      dedupKey: `box:ticket:${e.id}:resolved`,
      type: 'ticket.resolved',
      vars: { ticket: e.number },
    });
  });
  bus.on(owner, 'span.alarm', (e) => {
    send({
      source: 'box',
      dedupKey: `box:span-alarm:${e.historyId}`,
      type: 'span.alarm',
      vars: { span: e.span, alarm: e.alarm, location: e.location ?? '' },
    });
  });
  return () => bus.off(owner);
}
