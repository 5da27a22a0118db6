import { assertConfigValue } from '../asterisk/confgen-util.js';
import { compileDestination, renderExtension, scheduleContext } from '../destinations/compile.js';
import type { Destination } from '../destinations/schema.js';
import type { DialplanStep } from '../dialplan/steps.js';
import { MAX_PATH, MAX_STEPS } from './machine.js';
import { type IvrNode, type IvrTree, NODE_ID, VARIABLE_NAME, VARIABLE_VALUE } from './schema.js';

/**
 * An IVR tree as plain dialplan (settings `ivr.engine` = `dialplan`): the
 * caller walks it inside Asterisk, hotlined only hears where they went
 * (UserEvent HotlineIvrPath). Same walk as machine.ts, step for step:
 *
 * - every node entry runs `[hotline-ivr-path]`, which appends the key that
 *   led there (or `!invalid` / `!timeout`) and the node id to the channel's
 *   HOTLINE_IVR_PATH, kept under MAX_PATH like renderPath, counts the step and
 *   announces it; a hangup handler writes it to CDR(ivrpath) when the call ends;
 *   past MAX_STEPS the caller is released to the fallback (`s`, label `out`);
 * - menus and collects are Read(): the prompt stops at the first digit, `t()`
 *   (no terminator) lets `#` be a menu key; a menu re-prompts after a timeout
 *   or a key with no option (the invalid prompt first), `retries` times, then
 *   goes to onTimeout / onInvalid; a collect re-prompts while fewer than
 *   minDigits came, then goes on with the variable empty;
 * - a play node is a Read() of one digit: a digit stops the prompt and is
 *   kept as type-ahead for the next menu or collect (the machine keeps up to
 *   20; the dialplan keeps the first, which is what a menu takes);
 * - schedule nodes Gosub the schedule's own context (HOTLINE_OPEN), set nodes
 *   Set(), transfers run the compiled destination at their `tK` extension
 *   (as the Stasis runner's continue does), then Return() to the route.
 *
 * Only node ids (NODE_ID), variable names and values (VARIABLE_NAME /
 * VARIABLE_VALUE), numbers and keys reach the text, each checked again here;
 * display names never do. Pure: a tree in, lines out.
 */

/** Trees with a node only hotlined can run at call time (the caller lookup queries the customers). */
export function needsHotlined(tree: { nodes: Record<string, { type: string }> }): boolean {
  return Object.values(tree.nodes).some((n) => n.type === 'lookup');
}

export const PATH_CONTEXT = 'hotline-ivr-path';
/** The path subroutine's hangup handler: writes HOTLINE_IVR_PATH to CDR(ivrpath). */
const PATH_CDR_EXTEN = 'cdr';
/** The AMI UserEvent the path subroutine raises (src/asterisk/events.ts turns it into `ivr.path`). */
export const PATH_EVENT = 'HotlineIvrPath';

const ID = /^[1-9][0-9]{0,9}$/;
const KEY = /^[0-9*#]$/;
/** Wall-clock milliseconds as Asterisk sees them (%3q: the fraction of the second). */
const NOW_MS = '${STRFTIME(,,%s.%3q)}';

/**
 * `[hotline-ivr-path]`: Gosub with (IVR id, node id); HOTLINE_IVR_VIA holds
 * the key (or `!invalid`, `!timeout`) that led to the node, HOTLINE_IVR_KEYAT
 * when Read() got it. The event carries its own time (At), taken on the
 * caller's channel thread: AMI's Timestamp is when the manager thread got to
 * the event, which lags by tens of ms on a busy box and is not the caller's
 * wait. Returns 1 (GOSUB_RETVAL) once the caller has taken more than
 * MAX_STEPS steps in this IVR.
 */
export function pathSubroutine(): string[] {
  return [
    `[${PATH_CONTEXT}]`,
    ...renderExtension('s', [
      { app: 'Set(LOCAL(seg)=${ARG2})' },
      { app: 'ExecIf($["${HOTLINE_IVR_VIA}" != ""]?Set(LOCAL(seg)=${HOTLINE_IVR_VIA}>${ARG2}))' },
      { app: 'Set(LOCAL(p)=${HOTLINE_IVR_PATH})' },
      { app: 'Set(LOCAL(p)=${IF($["${p}" = ""]?${seg}:${p}>${seg})})' },
      // renderPath: the oldest segments give way to `..` until the path fits (SHIFT drops
      // the first; func_strings only: app_while and func_cut are not loaded on the box)
      { label: 'fit', app: `GotoIf($[\${LEN(\${p})} <= ${MAX_PATH}]?fits)` },
      { app: 'GotoIf($["${p:0:3}" != "..>"]?drop)' },
      { app: 'Set(LOCAL(x)=${SHIFT(p,>)})' },
      { label: 'drop', app: 'Set(LOCAL(x)=${SHIFT(p,>)})' },
      { app: 'Set(LOCAL(p)=..>${p})' },
      { app: 'Goto(fit)' },
      { label: 'fits', app: 'Set(HOTLINE_IVR_PATH=${p})' },
      { app: 'Set(HOTLINE_IVR_STEPS=$[${HOTLINE_IVR_STEPS} + 1])' },
      {
        app: `UserEvent(${PATH_EVENT},Ivr: \${ARG1},Node: \${ARG2},Via: \${HOTLINE_IVR_VIA},Path: \${p},KeyAt: \${HOTLINE_IVR_KEYAT},At: ${NOW_MS})`,
      },
      { app: 'Set(HOTLINE_IVR_VIA=)' },
      { app: 'Set(HOTLINE_IVR_KEYAT=)' },
      { app: `Return($[\${HOTLINE_IVR_STEPS} > ${MAX_STEPS}])` },
    ]),
    // the hangup handler: the path goes on the CDR once, when the call ends
    ...renderExtension(PATH_CDR_EXTEN, [
      { app: 'ExecIf($["${HOTLINE_IVR_PATH}" != ""]?Set(CDR(ivrpath)=${HOTLINE_IVR_PATH}))' },
      { app: 'Return()' },
    ]),
    '',
  ];
}

/**
 * The extension of each node: transfers keep `tK` (transferExtensions, the
 * Stasis runner's targets too), the others are `n1`, `n2`, ... in node-id
 * order. Node ids never become extension names (`-` is ignored in matching,
 * a leading `_` makes a pattern).
 */
export function nodeExtensions(tree: IvrTree, transfers: Map<string, string>): Map<string, string> {
  const others = Object.keys(tree.nodes)
    .filter((id) => !transfers.has(id))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map([...others.map((id, i) => [id, `n${i + 1}`] as const), ...transfers]);
}

export interface CompileInput {
  id: number;
  tree: IvrTree;
  fallback: Destination | null;
}

/** The whole `[hotline-ivr-<id>]` body of a compiled IVR (without the context line). */
export function compileIvr(
  ivr: CompileInput,
  transfers: Map<string, string>,
  promptPath: (id: number) => string,
): string[] {
  const id = assertConfigValue(String(ivr.id), ID);
  const exts = nodeExtensions(ivr.tree, transfers);
  const go = (node: string) => `${exts.get(node)!},1`;
  const sound = (promptId: number) =>
    assertConfigValue(promptPath(promptId), /^\/[A-Za-z0-9._/-]{1,200}\/[1-9][0-9]{0,9}$/);
  const out = renderExtension('s', [
    { app: 'Answer()' },
    // the path so far (another IVR's) once, and the CDR written at hangup: CDR() reads and
    // writes wait for Asterisk's CDR engine queue, tens of ms on a busy box, so no step touches it
    { app: 'ExecIf($["${HOTLINE_IVR_PATH}" = ""]?Set(HOTLINE_IVR_PATH=${CDR(ivrpath)}))' },
    {
      app: `ExecIf($["\${HOTLINE_IVR_CDR}" = ""]?Set(CHANNEL(hangup_handler_push)=${PATH_CONTEXT},${PATH_CDR_EXTEN},1))`,
    },
    { app: 'Set(HOTLINE_IVR_CDR=1)' },
    { app: 'Set(HOTLINE_IVR_STEPS=0)' },
    { app: 'Set(HOTLINE_IVR_AHEAD=)' },
    { app: 'Set(HOTLINE_IVR_VIA=)' },
    { app: 'Set(HOTLINE_IVR_KEYAT=)' },
    { app: `Goto(${go(ivr.tree.start)})` },
    // too many steps (a silent line looping a menu): the IVR's fallback, then the route's
    { label: 'out', app: `NoOp(ivr ${id} fallback)` },
    ...(ivr.fallback ? compileDestination(ivr.fallback, { labelPrefix: 'f' }) : []),
    { app: 'Return()' },
  ]);
  // n1..nN, then t1..tN
  for (const nodeId of exts.keys()) {
    const node = ivr.tree.nodes[nodeId]!;
    const entry: DialplanStep[] = [
      { app: `Gosub(${PATH_CONTEXT},s,1(${id},${assertConfigValue(nodeId, NODE_ID)}))` },
      { app: 'GotoIf(${GOSUB_RETVAL}?s,out)' },
    ];
    out.push(...renderExtension(exts.get(nodeId)!, [...entry, ...nodeSteps(node, nodeId, id, go, sound)]));
  }
  return out;
}

function nodeSteps(
  node: IvrNode,
  nodeId: string,
  ivrId: string,
  go: (node: string) => string,
  sound: (promptId: number) => string,
): DialplanStep[] {
  switch (node.type) {
    case 'play':
      return [
        // a caller already typing ahead skips it, as a digit would have interrupted it
        { app: `GotoIf($["\${HOTLINE_IVR_AHEAD}" != ""]?next)` },
        { app: `Read(HOTLINE_IVR_AHEAD,${sound(node.promptId)},1,t(),1,0.001)` },
        { label: 'next', app: `Goto(${go(node.next)})` },
      ];
    case 'menu':
      return menuSteps(node, go, sound);
    case 'collect':
      return collectSteps(node, go, sound);
    case 'schedule':
      return [
        { app: `Gosub(${scheduleContext(node.scheduleId)},s,1)` },
        { app: `GotoIf($["\${HOTLINE_OPEN}" = "1"]?${go(node.open)}:${go(node.closed)})` },
      ];
    case 'set':
      return [
        {
          app: `Set(${assertConfigValue(node.variable, VARIABLE_NAME)}=${assertConfigValue(node.value, VARIABLE_VALUE)})`,
        },
        { app: `Goto(${go(node.next)})` },
      ];
    case 'transfer':
      return [
        { app: `NoOp(ivr ${ivrId} node ${nodeId})` },
        ...compileDestination(node.destination as Destination, { labelPrefix: 'd' }),
        { app: 'Return()' },
      ];
    case 'hangup':
      return [{ app: 'Hangup()' }];
    case 'lookup':
      throw new Error('a lookup node needs hotlined at call time; this tree runs in the Stasis app');
  }
}

function menuSteps(
  node: Extract<IvrNode, { type: 'menu' }>,
  go: (node: string) => string,
  sound: (promptId: number) => string,
): DialplanStep[] {
  const timeout = node.timeoutSeconds;
  const read = (prompts: number[]) =>
    `Read(HOTLINE_IVR_KEY,${prompts.map(sound).join('&')},1,t(),1,${timeout})`;
  const keys = Object.keys(node.options)
    .map((k) => assertConfigValue(k, KEY))
    .sort();
  return [
    { app: 'Set(HOTLINE_IVR_TRIES=0)' },
    // a digit typed ahead is the first key, and the prompt is not played
    { app: 'Set(HOTLINE_IVR_KEY=${HOTLINE_IVR_AHEAD})' },
    { app: 'Set(HOTLINE_IVR_AHEAD=)' },
    { app: 'GotoIf($["${HOTLINE_IVR_KEY}" != ""]?key)' },
    { label: 'ask', app: read([node.promptId]) },
    { label: 'key', app: `Set(HOTLINE_IVR_KEYAT=\${IF($["\${HOTLINE_IVR_KEY}" != ""]?${NOW_MS})})` },
    { app: 'Set(HOTLINE_IVR_VIA=${HOTLINE_IVR_KEY})' },
    ...keys.map((k) => ({ app: `GotoIf($["\${HOTLINE_IVR_KEY}" = "${k}"]?${go(node.options[k]!)})` })),
    { app: 'Set(HOTLINE_IVR_TRIES=$[${HOTLINE_IVR_TRIES} + 1])' },
    { app: 'GotoIf($["${HOTLINE_IVR_KEY}" = ""]?timeout)' },
    { app: `GotoIf($[\${HOTLINE_IVR_TRIES} <= ${node.retries}]?again)` },
    { app: 'Set(HOTLINE_IVR_VIA=!invalid)' },
    { app: `Goto(${go(node.onInvalid)})` },
    {
      label: 'again',
      app: read(node.invalidPromptId !== null ? [node.invalidPromptId, node.promptId] : [node.promptId]),
    },
    { app: 'Goto(key)' },
    { label: 'timeout', app: `GotoIf($[\${HOTLINE_IVR_TRIES} <= ${node.retries}]?ask)` },
    { app: 'Set(HOTLINE_IVR_VIA=!timeout)' },
    { app: `Goto(${go(node.onTimeout)})` },
  ];
}

function collectSteps(
  node: Extract<IvrNode, { type: 'collect' }>,
  go: (node: string) => string,
  sound: (promptId: number) => string,
): DialplanStep[] {
  const v = assertConfigValue(node.variable, VARIABLE_NAME);
  const term = node.terminator === null ? 't()' : `t(${node.terminator})`;
  const read = (variable: string, prompt: string, max: number) =>
    `Read(${variable},${prompt},${max},${term},1,${node.timeoutSeconds})`;
  return [
    { app: 'Set(HOTLINE_IVR_TRIES=0)' },
    { app: 'Set(HOTLINE_IVR_KEY=${HOTLINE_IVR_AHEAD})' },
    { app: 'Set(HOTLINE_IVR_AHEAD=)' },
    { app: 'GotoIf($["${HOTLINE_IVR_KEY}" = ""]?ask)' },
    // typed ahead: the digit counts and the prompt is not played (a terminator ends it empty)
    { app: `Set(${v}=)` },
    ...(node.terminator === null
      ? []
      : [{ app: `GotoIf($["\${HOTLINE_IVR_KEY}" = "${node.terminator}"]?check)` }]),
    ...(node.maxDigits > 1 ? [{ app: read('HOTLINE_IVR_REST', '', node.maxDigits - 1) }] : []),
    { app: `Set(${v}=\${HOTLINE_IVR_KEY}${node.maxDigits > 1 ? '${HOTLINE_IVR_REST}' : ''})` },
    { app: 'Goto(check)' },
    { label: 'ask', app: read(v, sound(node.promptId), node.maxDigits) },
    { label: 'check', app: `Set(HOTLINE_IVR_KEYAT=\${IF($[\${LEN(\${${v}})} > 0]?${NOW_MS})})` },
    { app: `GotoIf($[\${LEN(\${${v}})} >= ${node.minDigits}]?${go(node.next)})` },
    { app: 'Set(HOTLINE_IVR_TRIES=$[${HOTLINE_IVR_TRIES} + 1])' },
    { app: `GotoIf($[\${HOTLINE_IVR_TRIES} <= ${node.retries}]?ask)` },
    { app: `Set(${v}=)` },
    { app: `Goto(${go(node.next)})` },
  ];
}
