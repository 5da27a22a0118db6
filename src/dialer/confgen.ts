import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import type { AmdSettings, Campaign } from './schema.js';

/**
 * hotline/extensions_dialer.conf: the dialplan of campaign calls. A call is an
 * AMI Originate of `Local/<number>@hotline-dialer-out/n` (originate.ts):
 *
 * - the Local channel's second half runs [hotline-dialer-out]: it dials the
 *   number on the trunk hotlined chose (HOTLINE_DIALER_TRUNK, through that
 *   trunk's own dial Gosub, so its channel limit and caller ID apply), and a
 *   hangup handler reports how the dial ended (UserEvent HotlineDialer, step
 *   `end`, the DIALSTATUS or FULL);
 * - once the customer answers, the first half enters the campaign's context
 *   [hotline-campaign-<id>]: AMD() with the campaign's parameters, then
 *   * a machine: hang up, or wait for the beep and leave the message;
 *   * a person, agent modes: wait 2 s for hotlined to Redirect the call to
 *     [hotline-dialer-connect] (an agent's seat); if none does, the message
 *     naming the company plays (an abandon), where the opt-out key still works;
 *   * a person, agentless: the message with the confirm / opt-out keys.
 * Every step is a UserEvent hotlined turns into the attempt's result
 * (src/asterisk/events.ts → `dialer.step`). Pure: rows in, text out.
 */
export const OUT_CONTEXT = 'hotline-dialer-out';
export const END_CONTEXT = 'hotline-dialer-end';
export const CONNECT_CONTEXT = 'hotline-dialer-connect';
export const campaignContext = (id: number): string => `hotline-campaign-${id}`;
/** How long a person waits for an agent before the company's message (FTC: within 2 s). */
export const HOLD_SECONDS = 2;

export interface DialerConfig {
  campaigns: Campaign[];
  /** Enabled trunks and the Gosub context that dials each (trunks service). */
  trunks: { id: number; dialContext: string }[];
  /** Asterisk-side folder of the prompts (no extension on the file). */
  promptDir: string;
}

const ID = /^[1-9][0-9]{0,9}$/;
const CONTEXT = /^[a-z][a-z0-9-]{1,62}$/;
const KEY = /^[0-9*#]$/;

const event = (step: string, more = '') =>
  `UserEvent(HotlineDialer,Attempt: \${HOTLINE_ATTEMPT},Step: ${step}${more ? `,${more}` : ''})`;

/** AMD()'s positional arguments, each a checked whole number. */
export function amdArgs(a: AmdSettings): string {
  return [
    a.initialSilence,
    a.greeting,
    a.afterGreetingSilence,
    a.totalAnalysisTime,
    a.minimumWordLength,
    a.betweenWordsSilence,
    a.maximumNumberOfWords,
    a.silenceThreshold,
    a.maximumWordLength,
  ]
    .map((n) => assertConfigValue(String(n), /^[0-9]{1,5}$/))
    .join(',');
}

export function dialerDialplan(cfg: DialerConfig): string {
  const dir = assertConfigValue(cfg.promptDir, /^\/[A-Za-z0-9._/-]{1,200}$/);
  const prompt = (id: number | null) => (id === null ? null : `${dir}/${assertConfigValue(String(id), ID)}`);
  const trunks = [...cfg.trunks].sort((a, b) => a.id - b.id);
  const out = [
    banner('extensions_dialer.conf'),
    `[${OUT_CONTEXT}]`,
    '; the customer leg: the trunk hotlined chose, then the dial status from the hangup handler',
    `exten => _[0-9*#+]!,1,Set(CHANNEL(hangup_handler_push)=${END_CONTEXT},s,1)`,
    ' same => n,Set(HOTLINE_TRUNK_RESULT=CHANUNAVAIL)',
  ];
  for (const t of trunks) {
    const id = assertConfigValue(String(t.id), ID);
    out.push(` same => n,GotoIf($["\${HOTLINE_DIALER_TRUNK}" = "${id}"]?t${id})`);
  }
  out.push(' same => n,Hangup(34)');
  for (const t of trunks) {
    const id = assertConfigValue(String(t.id), ID);
    out.push(
      ` same => n(t${id}),Gosub(${assertConfigValue(t.dialContext, CONTEXT)},s,1(\${EXTEN}))`,
      ' same => n,Hangup()',
    );
  }
  out.push(
    '',
    `[${END_CONTEXT}]`,
    "; DIALSTATUS when the trunk dialled (CANCEL: the ring timeout), else the trunk's refusal (FULL)",
    `exten => s,1,${event('end', 'Status: ${IF($["${DIALSTATUS}" = ""]?${HOTLINE_TRUNK_RESULT}:${DIALSTATUS})}')}`,
    ' same => n,Return()',
    '',
    `[${CONNECT_CONTEXT}]`,
    '; hotlined redirects a person here, EXTEN the seat of the agent it chose',
    `exten => _X.,1,${event('connect', 'Seat: ${EXTEN}')}`,
    ' same => n,Dial(PJSIP/${EXTEN},15)',
    ` same => n,${event('agent', 'Status: ${DIALSTATUS}')}`,
    ' same => n,GotoIf($["${DIALSTATUS}" = "ANSWER"]?done)',
    // the agent did not take it: the company's message, as for any person no agent takes
    ' same => n,Goto(hotline-campaign-${HOTLINE_CAMPAIGN},s,abandon)',
    ' same => n(done),Hangup()',
    '',
  );
  for (const c of [...cfg.campaigns].sort((a, b) => a.id - b.id)) out.push(...campaignLines(c, prompt));
  return out.join('\n');
}

function campaignLines(c: Campaign, prompt: (id: number | null) => string | null): string[] {
  const s = c.settings;
  const id = assertConfigValue(String(c.id), ID);
  const optOut = s.optOutKey === null ? null : assertConfigValue(s.optOutKey, KEY);
  const confirm = s.confirmKey === null ? null : assertConfigValue(s.confirmKey, KEY);
  const message = prompt(s.messagePromptId);
  const abandon = prompt(s.abandonPromptId);
  const out = [
    `[${campaignContext(c.id)}]`,
    `; campaign ${id}: ${c.mode}`,
    `exten => s,1,${event('answered')}`,
  ];
  if (s.amd.enabled) {
    out.push(
      ` same => n,AMD(${amdArgs(s.amd)})`,
      ` same => n,${event('amd', 'Status: ${AMDSTATUS},Cause: ${AMDCAUSE}')}`,
      ' same => n,GotoIf($["${AMDSTATUS}" = "MACHINE"]?machine)',
    );
  } else out.push(` same => n,${event('amd', 'Status: HUMAN,Cause: OFF')}`);
  if (c.mode === 'agentless') {
    out.push(
      // two tries of 5 s, with or without a message: a person who listens to
      // the beep (or the message) to its end before pressing must still count
      ...(message
        ? [` same => n,Read(DIALER_KEY,${message},1,,2,5)`]
        : [' same => n,Read(DIALER_KEY,beep,1,,2,5)']),
      ` same => n,${event('key', 'Key: ${DIALER_KEY}')}`,
      ...keyReplies(optOut, confirm),
      ' same => n,Hangup()',
    );
  } else {
    out.push(
      ` same => n,Wait(${HOLD_SECONDS})`,
      ` same => n(abandon),${event('abandoned')}`,
      ...(abandon ? [` same => n,Read(DIALER_KEY,${abandon},1,,1,3)`] : [' same => n,Playback(tt-allbusy)']),
      ` same => n,${event('key', 'Key: ${DIALER_KEY}')}`,
      ...keyReplies(optOut, null),
      ' same => n,Hangup()',
    );
  }
  out.push(' same => n(machine),NoOp(answering machine)');
  if (s.onMachine === 'message' && message) {
    // the greeting ends with a beep and silence: speak after it, not over it
    out.push(' same => n,WaitForSilence(1000,1,20)', ` same => n,Playback(${message})`);
  }
  out.push(' same => n,Hangup()', '');
  return out;
}

/** What a caller hears after pressing a key: goodbye after an opt-out or a confirmation. */
function keyReplies(optOut: string | null, confirm: string | null): string[] {
  const out: string[] = [];
  if (optOut) out.push(` same => n,ExecIf($["\${DIALER_KEY}" = "${optOut}"]?Playback(vm-goodbye))`);
  if (confirm) out.push(` same => n,ExecIf($["\${DIALER_KEY}" = "${confirm}"]?Playback(auth-thankyou))`);
  return out;
}
