import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import {
  compileDestination,
  type DialplanStep,
  queueContext,
  renderExtension,
} from '../destinations/compile.js';
import { recordingSteps } from '../dialplan/recording.js';
import { answeredOption } from '../dialplan/steps.js';
import { type Queue, type QueueSettings, queueSection } from './schema.js';

/** The dialplan context that maps queue numbers (dialled by seats) to their queues. */
export const QUEUE_NUMBERS_CONTEXT = 'hotline-queue-numbers';
/** AstDB families the queue dialplan reads when an IVR did not look the caller up. */
export const VIP_FAMILY = 'hotline-vip';
export const BOUND_FAMILY = 'hotline-bound';

/** Member statuses that make a queue count as empty (app_queue joinempty / leavewhenempty). */
const EMPTY_STATUSES: Record<QueueSettings['joinEmpty'], string> = {
  always: '',
  loggedIn: 'unavailable,invalid,unknown',
  available: 'paused,penalty,inuse,ringing,unavailable,invalid,unknown,wrapup',
};

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/**
 * The context whose single-digit extension a waiting caller may press to
 * leave the queue (app_queue `context`): the callback key (src/callbacks
 * generates it).
 */
export const callbackExitContext = (queueId: number) =>
  assertConfigValue(`hotline-callback-exit-${queueId}`, /^hotline-callback-exit-[1-9][0-9]{0,9}$/);

/**
 * Pure: hotline/queues.conf, one section `q<id>` per queue. `promptDir`:
 * where Asterisk finds prompts (the callback offer is one).
 */
export function queuesConf(queues: Queue[], promptDir: string): string {
  const dir = assertConfigValue(promptDir, /^\/[A-Za-z0-9._/-]{1,200}$/);
  const out = [banner('queues.conf').trimEnd(), ''];
  for (const q of [...queues].sort((a, b) => a.id - b.id)) {
    const s = q.settings;
    const announce = s.announcePosition || s.announceHoldTime;
    out.push(
      `[${queueSection(q.id)}]`,
      `strategy = ${s.strategy}`,
      `timeout = ${s.ringTimeoutSeconds}`,
      'retry = 2',
      // the Queue() timeout (max wait) wins over a member still ringing
      'timeoutpriority = app',
      `wrapuptime = ${s.wrapUpSeconds}`,
      `maxlen = ${s.maxCallers}`,
      `musicclass = ${assertConfigValue(s.musicOnHold, /^[a-z][a-z0-9_-]{0,31}$/)}`,
      `announce-frequency = ${announce ? s.announceEverySeconds : 0}`,
      `announce-position = ${yesNo(s.announcePosition)}`,
      `announce-holdtime = ${yesNo(s.announceHoldTime)}`,
      // "yes" / "no" are the empty status lists for joinempty / leavewhenempty
      `joinempty = ${EMPTY_STATUSES[s.joinEmpty] || 'yes'}`,
      `leavewhenempty = ${EMPTY_STATUSES[s.leaveWhenEmpty] || 'no'}`,
      `servicelevel = ${s.serviceLevelSeconds}`,
      'ringinuse = no',
      // hotlined pauses after N missed offers (app_queue only knows "after one")
      'autopause = no',
      'setinterfacevar = yes',
      'setqueuevar = yes',
      'setqueueentryvar = yes',
      ...(s.callbackKey ? [`context = ${callbackExitContext(q.id)}`] : []),
      // the offer "press N to be called back" between the position announcements; the key interrupts it
      ...(s.callbackKey && s.callbackPromptId !== null
        ? [
            `periodic-announce = ${dir}/${assertConfigValue(String(s.callbackPromptId), /^[1-9][0-9]{0,9}$/)}`,
            `periodic-announce-frequency = ${s.callbackOfferEverySeconds}`,
          ]
        : []),
      '',
    );
  }
  return out.join('\n');
}

/**
 * Pure: hotline/extensions_queues.conf. Each queue's context sets the
 * caller's priority from the VIP level (looked up by an IVR, else AstDB),
 * offers a caller bound to an agent to that agent first when the agent is
 * logged in, not paused and idle, then queues the caller; leaving the
 * queue without an agent (full, empty, max wait) runs the overflow.
 */
export function queuesDialplan(queues: Queue[]): string {
  const out = [banner('extensions_queues.conf').trimEnd(), '', `[${QUEUE_NUMBERS_CONTEXT}]`];
  const sorted = [...queues].sort((a, b) => a.id - b.id);
  for (const q of sorted) {
    if (q.number === null) continue;
    const n = assertConfigValue(q.number, /^[0-9]{2,8}$/);
    out.push(`exten => ${n},1,Goto(${queueContext(q.id)},s,1)`);
  }
  out.push('');
  for (const q of sorted) out.push(`[${queueContext(q.id)}]`, ...renderExtension('s', queueSteps(q)), '');
  return out.join('\n');
}

/**
 * Sets `variable` from AstDB `family`/caller number unless an IVR lookup set
 * it already (or there is no number), then goes on at `done`. DB_EXISTS, not
 * DB(): Asterisk counts DB() as a dangerous function and refuses it ("DB read
 * blocked") on a caller coming back from hotlined's IVR (measured: a key that
 * stops the menu prompt, then the transfer to the queue). DB_EXISTS sets DB_RESULT only when the key exists, hence
 * the IF. A step of its own, not ExecIf: the dialplan evaluates every
 * function in an application's arguments before the application runs.
 */
function astDbRead(variable: string, family: string, done: string): DialplanStep[] {
  return [
    { app: `GotoIf($["\${${variable}}" != "" | "\${HOTLINE_CID}" = ""]?${done})` },
    { app: `Set(${variable}=\${IF(\${DB_EXISTS(${family}/\${HOTLINE_CID})}?\${DB_RESULT})})` },
  ];
}

function queueSteps(q: Queue): DialplanStep[] {
  const s = q.settings;
  const section = queueSection(q.id);
  // before anyone answers: the bound agent's call and the queue's are both covered (once per channel)
  const record = recordingSteps(s.recording);
  // t: the agent may transfer the caller
  const options = 't';
  const steps: DialplanStep[] = [
    { app: `NoOp(queue ${q.id})` },
    // answered: the caller hears hold music and announcements, and the wait is billed as the carrier sees it
    { app: 'Answer()' },
    // caller numbers come from carriers: only digits reach AstDB keys and expressions
    { app: 'Set(HOTLINE_CID=${FILTER(0-9,${CALLERID(num)})})' },
    ...astDbRead('HOTLINE_VIP', VIP_FAMILY, 'prio'),
    { label: 'prio', app: 'Set(QUEUE_PRIO=${FILTER(0-9,${HOTLINE_VIP})})' },
    { app: 'ExecIf($["${QUEUE_PRIO}" = ""]?Set(QUEUE_PRIO=0))' },
    ...record,
  ];
  if (s.boundAgentSeconds > 0) {
    steps.push(
      ...astDbRead('HOTLINE_BOUND_AGENT', BOUND_FAMILY, 'bound'),
      { label: 'bound', app: 'Set(HOTLINE_BOUND=${FILTER(0-9,${HOTLINE_BOUND_AGENT})})' },
      { app: 'GotoIf($["${HOTLINE_BOUND}" = ""]?queue)' },
      // a logged-in member of this queue reads paused 0; a stranger reads nothing
      { app: `GotoIf($["\${QUEUE_MEMBER(${section},paused,PJSIP/\${HOTLINE_BOUND})}" != "0"]?queue)` },
      { app: 'GotoIf($["${DEVICE_STATE(PJSIP/${HOTLINE_BOUND})}" != "NOT_INUSE"]?queue)' },
      {
        app: `Dial(PJSIP/\${HOTLINE_BOUND},${s.boundAgentSeconds},${options}${answeredOption('${HOTLINE_BOUND}', section)})`,
      },
      { app: 'ExecIf($["${DIALSTATUS}" = "ANSWER"]?Hangup())' },
    );
  }
  const wait = s.maxWaitSeconds > 0 ? String(s.maxWaitSeconds) : '';
  steps.push({ label: 'queue', app: `NoOp(caller priority \${QUEUE_PRIO})` });
  // a callback keeps the caller's place: the time they first joined (not reset by a return to the queue)
  if (s.callbackKey)
    steps.push({ app: 'ExecIf($["${HOTLINE_QUEUED_AT}" = ""]?Set(HOTLINE_QUEUED_AT=${EPOCH}))' });
  steps.push(
    { app: `Queue(${section},${options},,,${wait})` },
    { label: 'overflow', app: `NoOp(queue ${q.id} overflow: \${QUEUESTATUS})` },
    ...compileDestination(q.overflow, { labelPrefix: 'o' }),
    { app: 'Hangup()' },
  );
  return steps;
}
