import { z } from 'zod';
import { Destination } from '../destinations/schema.js';
import { listQuery } from '../kit/list.js';
import { UNSAFE_TEXT } from '../kit/text.js';

/**
 * An IVR tree: `{ start, nodes: { [id]: node } }`. This file is the shape of
 * one valid tree (node types, fields, limits); graph.ts checks how the nodes
 * fit together (references, loops, depth) and what they point at.
 *
 * Node ids and variable names reach the channel (CDR(ivrpath), channel
 * variables) and the generated dialplan's comments, so they are strict;
 * display names (Chinese allowed) never leave the database.
 */

export const NODE_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** More nodes than a caller could ever walk; a bigger body is an accident or an attack. */
export const MAX_NODES = 200;
/** Steps from `start` to the farthest node (start itself is step 1). */
export const MAX_DEPTH = 10;
export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;
/** Values of `set` nodes: plain tokens, nothing a later `${...}` expansion could misread. */
export const VARIABLE_VALUE = /^[A-Za-z0-9_.:@+*#-]{0,64}$/;

/**
 * Variables Asterisk or the hotline dialplan reads or writes itself: a `set`
 * or `collect` node must not change how the call is dialled, queued, billed
 * or permitted (HOTLINE_CLASS is the call permission class).
 */
const RESERVED_NAMES = new Set([
  'ACCOUNTCODE',
  'ANSWEREDTIME',
  'BLINDTRANSFER',
  'ATTENDEDTRANSFER',
  'BRIDGEPEER',
  'BRIDGEPVTCALLID',
  'CALLERID',
  'CALLINGANI2',
  'CALLINGPRES',
  'CALLINGTNS',
  'CALLINGTON',
  'CDR',
  'CHANNEL',
  'CONTEXT',
  'DATETIME',
  'DIALEDPEERNAME',
  'DIALEDPEERNUMBER',
  'DIALEDTIME',
  'DIALSTATUS',
  'DYNAMIC_FEATURES',
  'DYNAMIC_PEERNAME',
  'EPOCH',
  'EXTEN',
  'FORWARD_CONTEXT',
  'GOTO_ON_BLINDXFR',
  'HANGUPCAUSE',
  'INVALID_EXTEN',
  'LANGUAGE',
  'LINKEDID',
  'MIXMONITOR_FILENAME',
  'MUSICCLASS',
  'OUTBOUND_GROUP',
  'OUTBOUND_GROUP_ONCE',
  'PICKUPMARK',
  'PLAYBACKSTATUS',
  'PRIORITY',
  'QUEUEPOSITION',
  'QUEUESTATUS',
  'QUEUE_PRIO',
  'QUEUE_MAX_PENALTY',
  'QUEUE_MIN_PENALTY',
  'QUEUE_RAISE_PENALTY',
  'READSTATUS',
  'SIPCALLID',
  'STASISSTATUS',
  'SYSTEMNAME',
  'SYSTEMSTATUS',
  'TIMESTAMP',
  'TRANSFER_CONTEXT',
  'UNIQUEID',
  'VMSTATUS',
]);
/** Families: Gosub/Macro arguments and stacks, and every HOTLINE_* variable (route, class, VIP, ...). */
const RESERVED_PATTERN = /^(ARG[0-9]+|GOSUB_.*|MACRO_.*|HOTLINE_.*|AGI.*|DIAL_.*|CHANNEL_.*)$/;

export const isReservedVariable = (name: string) => RESERVED_NAMES.has(name) || RESERVED_PATTERN.test(name);

const displayName = z
  .string({ error: 'name must be a string' })
  .max(1024, 'name must be at most 64 characters')
  .refine((s) => !UNSAFE_TEXT.test(s), 'name must not contain control characters or line breaks')
  .trim()
  .min(1, 'name is required')
  .max(64, 'name must be at most 64 characters');

const nodeRef = z
  .string({ error: 'must be a node id' })
  .regex(NODE_ID, 'must be a node id (1 to 32 of A-Z a-z 0-9 _ -)');

const objectId = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be positive`)
    .max(2_147_483_647, `${what} is too large`);

const seconds = (what: string, max: number, dflt: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number of seconds`)
    .min(1, `${what} must be at least 1`)
    .max(max, `${what} must be at most ${max}`)
    .default(dflt);

const retries = z
  .number({ error: 'retries must be a number' })
  .int('retries must be a whole number')
  .min(0, 'retries must be 0 to 5')
  .max(5, 'retries must be 0 to 5')
  .default(2);

export const variableName = z
  .string({ error: 'variable must be a string' })
  .regex(VARIABLE_NAME, 'variable must be 1 to 32 of A-Z 0-9 _, starting with a letter')
  .refine((s) => !isReservedVariable(s), 'variable is reserved by Asterisk or the hotline dialplan');

const digitCount = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be 1 to 20`)
    .max(20, `${what} must be 1 to 20`);

const DIGIT = /^[0-9*#]$/;

const base = { name: displayName.optional() };

export const PlayNode = z.strictObject({
  type: z.literal('play'),
  ...base,
  promptId: objectId('promptId'),
  next: nodeRef,
});

export const MenuNode = z.strictObject({
  type: z.literal('menu'),
  ...base,
  promptId: objectId('promptId'),
  options: z
    .record(z.string().regex(DIGIT, 'an option key is one of 0-9 * #'), nodeRef, {
      error: 'options must map keys to node ids',
    })
    .refine((o) => Object.keys(o).length > 0, 'a menu needs at least one option'),
  timeoutSeconds: seconds('timeoutSeconds', 30, 5),
  retries,
  /** Played before the menu prompt again after a key with no option. */
  invalidPromptId: objectId('invalidPromptId').nullable().default(null),
  /** Where the caller goes after `retries` re-prompts end in silence ... */
  onTimeout: nodeRef,
  /** ... or in a key with no option. */
  onInvalid: nodeRef,
});

export const CollectNode = z
  .strictObject({
    type: z.literal('collect'),
    ...base,
    promptId: objectId('promptId'),
    minDigits: digitCount('minDigits').default(1),
    maxDigits: digitCount('maxDigits'),
    terminator: z.enum(['#', '*'], { error: 'terminator must be "#", "*" or null' }).nullable().default('#'),
    /** Silence allowed after the prompt and between digits. */
    timeoutSeconds: seconds('timeoutSeconds', 30, 5),
    /** Re-prompts when fewer than minDigits arrive; then `next` with the variable empty. */
    retries,
    variable: variableName,
    next: nodeRef,
  })
  .superRefine((n, ctx) => {
    if (n.minDigits > n.maxDigits)
      ctx.addIssue({ code: 'custom', path: ['minDigits'], message: 'minDigits must not exceed maxDigits' });
  });

export const ScheduleNode = z.strictObject({
  type: z.literal('schedule'),
  ...base,
  scheduleId: objectId('scheduleId'),
  open: nodeRef,
  closed: nodeRef,
});

/** Caller lookup by number: sets HOTLINE_VIP, HOTLINE_BOUND_AGENT and HOTLINE_CUSTOMER for the queue. */
export const LookupNode = z.strictObject({
  type: z.literal('lookup'),
  ...base,
  next: nodeRef,
});

export const SetNode = z.strictObject({
  type: z.literal('set'),
  ...base,
  variable: variableName,
  value: z
    .string({ error: 'value must be a string' })
    .regex(VARIABLE_VALUE, 'value must be at most 64 of A-Z a-z 0-9 _ . : @ + * # -'),
  next: nodeRef,
});

export const TransferNode = z.strictObject({
  type: z.literal('transfer'),
  ...base,
  destination: Destination,
});

export const HangupNode = z.strictObject({ type: z.literal('hangup'), ...base });

export const IvrNode = z.discriminatedUnion('type', [
  PlayNode,
  MenuNode,
  CollectNode,
  ScheduleNode,
  LookupNode,
  SetNode,
  TransferNode,
  HangupNode,
]);
export type IvrNode = z.infer<typeof IvrNode>;
export type NodeType = IvrNode['type'];
export type NodeOf<T extends NodeType> = Extract<IvrNode, { type: T }>;

/**
 * The node map: its size and keys are checked before any node is parsed, so
 * a 10,000-node body costs one key count, and a bad id is named without
 * being pasted raw into the field path.
 */
const nodeMap = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      ctx.addIssue({ code: 'custom', message: 'nodes must be an object of node id → node', fatal: true });
      return;
    }
    const ids = Object.keys(raw);
    if (ids.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'a tree needs at least one node', fatal: true });
      return;
    }
    if (ids.length > MAX_NODES) {
      ctx.addIssue({
        code: 'custom',
        message: `a tree has at most ${MAX_NODES} nodes (this one has ${ids.length})`,
        fatal: true,
      });
      return;
    }
    const bad = ids.find((id) => !NODE_ID.test(id));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `node id ${JSON.stringify(bad.slice(0, 40))} must be 1 to 32 of A-Z a-z 0-9 _ -`,
        fatal: true,
      });
    }
  })
  .pipe(z.record(z.string(), IvrNode));

export const IvrTree = z.strictObject({
  start: nodeRef,
  nodes: nodeMap,
});
export type IvrTree = { start: string; nodes: Record<string, IvrNode> };

export const ivrName = displayName;

export const IvrCreate = z.strictObject({
  name: ivrName,
  tree: IvrTree,
  /**
   * Where a caller goes when the IVR lets go without a transfer (hotlined
   * not running, a runner failure, a released caller); null: straight back
   * to the inbound route's own fallback.
   */
  fallback: Destination.nullable().default(null),
});
export type IvrCreate = z.infer<typeof IvrCreate>;

export const IvrUpdate = z.strictObject({
  name: ivrName.optional(),
  tree: IvrTree.optional(),
  fallback: Destination.nullable().optional(),
});
export type IvrUpdate = z.infer<typeof IvrUpdate>;

/** GET /ivrs: search matches the name. */
export const IvrListQuery = listQuery(['id', 'name']);
export type IvrListQuery = z.output<typeof IvrListQuery>;
export type IvrSortKey = NonNullable<IvrListQuery['sort']>;

export interface Ivr {
  id: number;
  name: string;
  tree: IvrTree;
  fallback: Destination | null;
  createdAt: number;
  updatedAt: number;
}
