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
 * - every node's extension starts with its path step (pathSteps), which
 *   appends the key that led there (or `!invalid` / `!timeout`) and the node
 *   id to the channel's HOTLINE_IVR_PATH, kept under MAX_PATH like renderPath
 *   (in `[hotline-ivr-path]` when too long), counts the step and announces it;
 *   a hangup handler writes the path to CDR(ivrpath) when the call ends; past
 *   MAX_STEPS the caller is released to the fallback (`s`, label `out`);
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

/** The path after a step into `node`: the path so far, the key that led there (VIA), the node. */
const pathWith = (node: string, keyed = true) =>
  `\${IF($["\${HOTLINE_IVR_PATH}" = ""]?:\${HOTLINE_IVR_PATH}>)}${keyed ? '${IF($["${HOTLINE_IVR_VIA}" = ""]?:${HOTLINE_IVR_VIA}>)}' : ''}${node}`;
/** The step's event, with the new path and the key (VIA) that led to the node still set. */
const pathEvent = (ivr: string, node: string, path: string) =>
  `UserEvent(${PATH_EVENT},Ivr: ${ivr},Node: ${node},Via: \${HOTLINE_IVR_VIA},Path: ${path},KeyAt: \${HOTLINE_IVR_KEYAT},At: ${NOW_MS})`;
/** Every variable a step may set: the path stored, the step counted, the key cleared, no tries yet. */
const STORE_ALL = { counts: true, keyed: true, waits: true };
const pathStore = (path: string, what: { counts: boolean; keyed: boolean; waits: boolean }) => {
  const vars = [
    `HOTLINE_IVR_PATH=${path}`,
    ...(what.counts ? ['HOTLINE_IVR_STEPS=$[${HOTLINE_IVR_STEPS} + 1]'] : []),
    ...(what.keyed ? ['HOTLINE_IVR_VIA=', 'HOTLINE_IVR_KEYAT='] : []),
    ...(what.waits ? ['HOTLINE_IVR_TRIES=0'] : []),
  ];
  return vars.length === 1 ? `Set(${vars[0]})` : `MSet(${vars.join(',')})`;
};

/** How a node is entered and left, which decides what its path step must set. */
export interface StepKind {
  /** A menu option, onInvalid / onTimeout or a collect's next: HOTLINE_IVR_VIA / KEYAT may be set. */
  keyed: boolean;
  /** A transfer or hang-up: no step of this IVR follows, so nothing is counted or cleared. */
  last: boolean;
  /** A menu or collect: it counts its tries. */
  waits: boolean;
}

/**
 * A node's entry: the step on the path, announced. HOTLINE_IVR_VIA holds the
 * key (or `!invalid`, `!timeout`) that led to the node, HOTLINE_IVR_KEYAT
 * when Read() got it. The event carries its own time (At), taken on the
 * caller's channel thread: AMI's Timestamp is when the manager thread got to
 * the event, which lags by tens of ms on a busy box and is not the caller's
 * wait.
 *
 * Every priority Asterisk runs publishes a channel snapshot, and every
 * variable set a VarSet message, that its CDR engine, AMI and ARI each take
 * in (about 0.15 ms of Asterisk's CPU per Set() priority on this machine,
 * measured with bench/inbound), so the common step is three priorities
 * inline, the path written out in each, and sets only what the node's kind
 * needs, in one MSet(); a path too long or too many steps go to
 * `[hotline-ivr-path]` (the `slow` label at the extension's end). MSet is
 * safe here: the values are node ids, keys, `>`, `..`, `!`, numbers and
 * times, never a comma, quote or backslash.
 */
function pathSteps(
  ivr: string,
  node: string,
  kind: StepKind,
): { head: DialplanStep[]; slow: DialplanStep[] } {
  const path = pathWith(node, kind.keyed);
  const store = { counts: !kind.last, keyed: kind.keyed && !kind.last, waits: kind.waits };
  return {
    head: [
      { app: `GotoIf($[\${LEN(${path})} > ${MAX_PATH} | \${HOTLINE_IVR_STEPS} >= ${MAX_STEPS}]?slow)` },
      { app: pathEvent(ivr, node, path) },
      { app: pathStore(path, store) },
    ],
    slow: [{ label: 'slow', app: `Gosub(${PATH_CONTEXT},s,1(${ivr},${node}))` }, { app: 'Goto(go)' }],
  };
}

/** Each node's StepKind in a tree. */
export function stepKinds(tree: IvrTree): Map<string, StepKind> {
  const keyed = new Set<string>();
  for (const n of Object.values(tree.nodes)) {
    if (n.type === 'menu')
      for (const to of [...Object.values(n.options), n.onInvalid, n.onTimeout]) keyed.add(to);
    if (n.type === 'collect') keyed.add(n.next);
  }
  return new Map(
    Object.entries(tree.nodes).map(([id, n]) => [
      id,
      {
        keyed: keyed.has(id),
        last: n.type === 'transfer' || n.type === 'hangup',
        waits: n.type === 'menu' || n.type === 'collect',
      },
    ]),
  );
}

/**
 * `[hotline-ivr-path]`: a node's entry when the path must be trimmed or the
 * caller has taken MAX_STEPS steps; Gosub with (IVR id, node id). Past
 * MAX_STEPS it does not return: the caller goes to the IVR's `out` label
 * (its fallback). The `cdr` extension is the hangup handler that puts the
 * path on the CDR.
 */
export function pathSubroutine(): string[] {
  return [
    `[${PATH_CONTEXT}]`,
    ...renderExtension('s', [
      { app: `Set(LOCAL(p)=${pathWith('${ARG2}')})` },
      // renderPath: the oldest segments give way to `..` until the path fits (SHIFT drops
      // the first; func_strings only: app_while and func_cut are not loaded on the box)
      { label: 'trim', app: `GotoIf($[\${LEN(\${p})} <= ${MAX_PATH}]?fits)` },
      { app: 'GotoIf($["${p:0:3}" != "..>"]?drop)' },
      { app: 'Set(LOCAL(x)=${SHIFT(p,>)})' },
      { label: 'drop', app: 'Set(LOCAL(x)=${SHIFT(p,>)})' },
      { app: 'Set(LOCAL(p)=..>${p})' },
      { app: 'Goto(trim)' },
      { label: 'fits', app: pathEvent('${ARG1}', '${ARG2}', '${p}') },
      { app: pathStore('${p}', STORE_ALL) },
      { app: `GotoIf($[\${HOTLINE_IVR_STEPS} <= ${MAX_STEPS}]?done)` },
      // too many steps (a silent line looping a menu): leave the Gosub for the IVR's fallback
      { app: 'Set(HOTLINE_IVR_OUT=hotline-ivr-${ARG1})' },
      { app: 'StackPop()' },
      { app: 'Goto(${HOTLINE_IVR_OUT},s,out)' },
      { label: 'done', app: 'Return()' },
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
    // the CDR is written once, at hangup: a CDR() read or write waits for Asterisk's CDR
    // engine queue, tens of ms on a busy box, so no step touches it. The path so far (a
    // compiled IVR's before this one) is in HOTLINE_IVR_PATH already; a Stasis IVR's
    // transfer copies its CDR(ivrpath) there (confgen.ts).
    // a caller's first compiled IVR: the hangup handler; a later one: the last IVR's keys cleared
    {
      app: `ExecIf($["\${HOTLINE_IVR_CDR}" = ""]?Set(CHANNEL(hangup_handler_push)=${PATH_CONTEXT},${PATH_CDR_EXTEN},1):MSet(HOTLINE_IVR_AHEAD=,HOTLINE_IVR_VIA=,HOTLINE_IVR_KEYAT=))`,
    },
    { app: 'MSet(HOTLINE_IVR_CDR=1,HOTLINE_IVR_STEPS=0)' },
    { app: `Goto(${go(ivr.tree.start)})` },
    // too many steps (a silent line looping a menu): the IVR's fallback, then the route's
    { label: 'out', app: `NoOp(ivr ${id} fallback)` },
    ...(ivr.fallback ? compileDestination(ivr.fallback, { labelPrefix: 'f' }) : []),
    { app: 'Return()' },
  ]);
  // only a play node leaves a digit typed ahead; without one, menus and collects skip the check
  const typeAhead = Object.values(ivr.tree.nodes).some((n) => n.type === 'play');
  const kinds = stepKinds(ivr.tree);
  // n1..nN, then t1..tN
  for (const nodeId of exts.keys()) {
    const node = ivr.tree.nodes[nodeId]!;
    const { head, slow } = pathSteps(id, assertConfigValue(nodeId, NODE_ID), kinds.get(nodeId)!);
    const [first, ...rest] = nodeSteps(node, nodeId, id, go, sound, typeAhead);
    // the slow path's way back: the node's first step, labelled `go` (a NoOp when it has a label)
    const body = first!.label
      ? [{ label: 'go', app: 'NoOp()' }, first!, ...rest]
      : [{ ...first!, label: 'go' }, ...rest];
    out.push(...renderExtension(exts.get(nodeId)!, [...head, ...body, ...slow]));
  }
  return out;
}

function nodeSteps(
  node: IvrNode,
  nodeId: string,
  ivrId: string,
  go: (node: string) => string,
  sound: (promptId: number) => string,
  typeAhead: boolean,
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
      return menuSteps(node, go, sound, typeAhead);
    case 'collect':
      return collectSteps(node, go, sound, typeAhead);
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
  typeAhead: boolean,
): DialplanStep[] {
  const timeout = node.timeoutSeconds;
  const read = (prompts: number[]) =>
    `Read(HOTLINE_IVR_KEY,${prompts.map(sound).join('&')},1,t(),1,${timeout})`;
  const keys = Object.keys(node.options)
    .map((k) => assertConfigValue(k, KEY))
    .sort();
  return [
    // a digit typed ahead is the first key, and the prompt is not played
    ...(typeAhead ? [{ app: 'GotoIf($["${HOTLINE_IVR_AHEAD}" != ""]?ahead)' }] : []),
    { label: 'ask', app: read([node.promptId]) },
    {
      label: 'key',
      app: `MSet(HOTLINE_IVR_KEYAT=\${IF($["\${HOTLINE_IVR_KEY}" != ""]?${NOW_MS})},HOTLINE_IVR_VIA=\${HOTLINE_IVR_KEY})`,
    },
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
    ...(typeAhead
      ? [
          { label: 'ahead', app: 'MSet(HOTLINE_IVR_KEY=${HOTLINE_IVR_AHEAD},HOTLINE_IVR_AHEAD=)' },
          { app: 'Goto(key)' },
        ]
      : []),
  ];
}

function collectSteps(
  node: Extract<IvrNode, { type: 'collect' }>,
  go: (node: string) => string,
  sound: (promptId: number) => string,
  typeAhead: boolean,
): DialplanStep[] {
  const v = assertConfigValue(node.variable, VARIABLE_NAME);
  const term = node.terminator === null ? 't()' : `t(${node.terminator})`;
  const read = (variable: string, prompt: string, max: number) =>
    `Read(${variable},${prompt},${max},${term},1,${node.timeoutSeconds})`;
  // a digit typed ahead is the first key (no tries yet: the node's entry set HOTLINE_IVR_TRIES=0);
  // then the digit counts and the prompt is not played (a terminator ends it empty)
  const ahead: DialplanStep[] = [
    { app: 'MSet(HOTLINE_IVR_KEY=${HOTLINE_IVR_AHEAD},HOTLINE_IVR_AHEAD=)' },
    { app: 'GotoIf($["${HOTLINE_IVR_KEY}" = ""]?ask)' },
    { app: `Set(${v}=)` },
    ...(node.terminator === null
      ? []
      : [{ app: `GotoIf($["\${HOTLINE_IVR_KEY}" = "${node.terminator}"]?check)` }]),
    ...(node.maxDigits > 1 ? [{ app: read('HOTLINE_IVR_REST', '', node.maxDigits - 1) }] : []),
    { app: `Set(${v}=\${HOTLINE_IVR_KEY}${node.maxDigits > 1 ? '${HOTLINE_IVR_REST}' : ''})` },
    { app: 'Goto(check)' },
  ];
  return [
    ...(typeAhead ? ahead : []),
    { label: 'ask', app: read(v, sound(node.promptId), node.maxDigits) },
    { label: 'check', app: `Set(HOTLINE_IVR_KEYAT=\${IF($[\${LEN(\${${v}})} > 0]?${NOW_MS})})` },
    { app: `GotoIf($[\${LEN(\${${v}})} >= ${node.minDigits}]?${go(node.next)})` },
    { app: 'Set(HOTLINE_IVR_TRIES=$[${HOTLINE_IVR_TRIES} + 1])' },
    { app: `GotoIf($[\${HOTLINE_IVR_TRIES} <= ${node.retries}]?ask)` },
    { app: `Set(${v}=)` },
    { app: `Goto(${go(node.next)})` },
  ];
}
