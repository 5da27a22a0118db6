import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { queueContext } from '../destinations/compile.js';
import { callClassRank } from '../dialplan/call-class.js';
import { OUTBOUND_CONTEXT } from '../outbound/confgen.js';
import { callbackExitContext } from '../queues/confgen.js';
import { CALLBACK_KEYS, type QueueSettings } from '../queues/schema.js';

/** The box's leg toward the customer (Local channel ;2): the outbound routes pick the trunk. */
export const CALLBACK_OUT_CONTEXT = 'hotline-callback-out';
/** The customer's leg once answered (Local channel ;1): confirm, then the queue. Extension: the queue id. */
export const CALLBACK_CONFIRM_CONTEXT = 'hotline-callback-confirm';
/**
 * The outbound routes see a callback as a caller of this class: a national
 * number is called back, an international one is refused by the route (the
 * caller ID of a waiting caller is the carrier's word, not ours).
 */
export const CALLBACK_CLASS = 'national' as const;
/** Above every customer VIP level (0-9): a confirmed callback is answered before anyone waiting. */
export const CALLBACK_PRIORITY = 100;
/** Seconds a caller who pressed the key has to key in minutes for a later call. */
const SCHEDULE_WAIT_SECONDS = 5;
/** Seconds the customer has to press 1, and how often the beep is repeated. */
const CONFIRM = { attempts: 3, timeoutSec: 5 };

/** A queue as the callback dialplan needs it. */
export type CallbackQueue = { id: number; settings: Pick<QueueSettings, 'callbackKey'> };

const queueId = (id: number) => assertConfigValue(String(id), /^[1-9][0-9]{0,9}$/);

/**
 * Pure: hotline/extensions_callbacks.conf. For each queue with a callback
 * key, the exit context app_queue sends a waiting caller to when they press
 * it (queues.conf `context`): hotlined is told (UserEvent HotlineCallback,
 * the caller's digits and the time they first joined: their place); after
 * a beep the caller may key in minutes and # to be called no sooner
 * (UserEvent action `scheduled`), then hears a thank-you and the call ends. A caller without a number, or
 * a callback call already in the queue, goes back to waiting instead. Then
 * the two legs of the call hotlined places when the caller's turn comes.
 */
export function callbackDialplan(queues: CallbackQueue[]): string {
  const enabled = [...queues].filter((q) => q.settings.callbackKey !== '').sort((a, b) => a.id - b.id);
  const out = [banner('extensions_callbacks.conf').trimEnd(), ''];
  for (const q of enabled) {
    const id = queueId(q.id);
    const key = assertConfigValue(q.settings.callbackKey, /^[0-9]$/);
    if (!(CALLBACK_KEYS as readonly string[]).includes(key)) throw new Error(`unsafe callback key ${key}`);
    out.push(
      `[${callbackExitContext(q.id)}]`,
      `exten => ${key},1,GotoIf($["\${HOTLINE_CALLBACK}" != "" | "\${HOTLINE_CID}" = ""]?back)`,
      ` same => n,UserEvent(HotlineCallback,Action: requested,Queue: ${id},Number: \${HOTLINE_CID},QueuedAt: \${HOTLINE_QUEUED_AT})`,
      // after the beep, minutes and # ask for a later call (the offer prompt says so); a hang-up keeps "when it's my turn"
      ` same => n,Read(HOTLINE_CB_MINUTES,beep,3,,1,${SCHEDULE_WAIT_SECONDS})`,
      ' same => n,Set(HOTLINE_CB_MINUTES=${FILTER(0-9,${HOTLINE_CB_MINUTES})})',
      ' same => n,GotoIf($["${HOTLINE_CB_MINUTES}" = ""]?thanks)',
      ` same => n,UserEvent(HotlineCallback,Action: scheduled,Queue: ${id},Number: \${HOTLINE_CID},Minutes: \${HOTLINE_CB_MINUTES})`,
      ' same => n(thanks),Playback(auth-thankyou)',
      ' same => n,Hangup()',
      // app_queue left the queue for the key: back in, behind those who joined meanwhile
      ` same => n(back),Goto(${queueContext(q.id)},s,queue)`,
      '',
    );
  }
  out.push(
    `[${CALLBACK_OUT_CONTEXT}]`,
    // no seat: the class is the callback's, the routes check deny list and spend guard as for a seat
    `exten => _X!,1,Set(HOTLINE_CLASS=${callClassRank(CALLBACK_CLASS)})`,
    ` same => n,Goto(${OUTBOUND_CONTEXT},\${FILTER(0-9,\${EXTEN})},1)`,
    '',
  );
  if (enabled.length) out.push(`[${CALLBACK_CONFIRM_CONTEXT}]`);
  for (const q of enabled) {
    const id = queueId(q.id);
    out.push(
      `exten => ${id},1,Set(HOTLINE_CALLBACK=\${FILTER(0-9,\${HOTLINE_CALLBACK})})`,
      // the agent's phone and desk show the customer's number
      ' same => n,Set(CALLERID(num)=${FILTER(0-9,${HOTLINE_CALLBACK_NUMBER})})',
      ' same => n,Set(CALLERID(name)=callback)',
      ` same => n,Read(HOTLINE_CONFIRM,beep,1,,${CONFIRM.attempts},${CONFIRM.timeoutSec})`,
      ' same => n,GotoIf($["${HOTLINE_CONFIRM}" != "1"]?unconfirmed)',
      ' same => n,UserEvent(HotlineCallback,Action: confirmed,Id: ${HOTLINE_CALLBACK})',
      // the queue's own steps (recording, bound agent, max wait, overflow), at the front
      ` same => n,Set(HOTLINE_VIP=${CALLBACK_PRIORITY})`,
      ` same => n,Goto(${queueContext(q.id)},s,1)`,
      ' same => n(unconfirmed),UserEvent(HotlineCallback,Action: unconfirmed,Id: ${HOTLINE_CALLBACK})',
      ' same => n,Playback(goodbye)',
      ' same => n,Hangup()',
    );
  }
  out.push('');
  return out.join('\n');
}

/** The contexts the file defines (a context is loaded once it holds an extension). */
export function callbackContexts(queues: CallbackQueue[]): string[] {
  const enabled = queues.filter((q) => q.settings.callbackKey !== '');
  return [
    ...enabled.map((q) => callbackExitContext(q.id)),
    CALLBACK_OUT_CONTEXT,
    ...(enabled.length ? [CALLBACK_CONFIRM_CONTEXT] : []),
  ];
}
