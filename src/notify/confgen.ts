import { banner } from '../asterisk/confgen-util.js';

/** Where hotlined originates a voice notification once the callee answers; the extension is the action's id. */
export const NOTIFY_CONTEXT = 'hotline-notify';

/**
 * hotline/extensions_notify.conf: the confirmation IVR of a voice
 * notification. The callee hears the message (HOTLINE_NOTIFY_PROMPT, a file
 * hotlined rendered for this action) up to three times; the key pressed is
 * announced (UserEvent HotlineNotify) and hotlined stores it. Key 0 goes to
 * the rule's queue (HOTLINE_NOTIFY_QUEUE, a queue context) with the
 * customer's number as the caller, so the agent's desk pops them. Every
 * value comes from hotlined's Originate, and the queue is checked again
 * against the queue contexts' pattern before the Goto. Pure: no rows, one
 * fixed text.
 */
export function notifyDialplan(): string {
  return [
    banner('extensions_notify.conf'),
    `[${NOTIFY_CONTEXT}]`,
    'exten => _X!,1,UserEvent(HotlineNotify,Action: ${EXTEN},Step: answered)',
    ' same => n,Set(CDR(userfield)=notify:${EXTEN})',
    ' same => n,Wait(0.5)',
    ' same => n,Read(NOTIFY_KEY,${HOTLINE_NOTIFY_PROMPT},1,,3,6)',
    ' same => n,UserEvent(HotlineNotify,Action: ${EXTEN},Step: key,Key: ${FILTER(0-9*#,${NOTIFY_KEY})})',
    ' same => n,GotoIf($["${NOTIFY_KEY}" = "0" & ${REGEX("^hotline-queue-[0-9]+$" ${HOTLINE_NOTIFY_QUEUE})}]?handover)',
    ' same => n,ExecIf($["${NOTIFY_KEY}" != ""]?Playback(auth-thankyou))',
    ' same => n,Hangup()',
    ' same => n(handover),UserEvent(HotlineNotify,Action: ${EXTEN},Step: handover)',
    ' same => n,Set(CALLERID(num)=${FILTER(0-9+,${HOTLINE_NOTIFY_NUMBER})})',
    ' same => n,Goto(${HOTLINE_NOTIFY_QUEUE},s,1)',
    '',
  ].join('\n');
}
