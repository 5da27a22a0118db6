import type { Destination } from '../components/destination-picker';

/**
 * The IVR tree as the API takes it (src/ivr/schema.ts): `{ start, nodes }`.
 * The editor keeps nodes loosely typed while they are being filled in; the
 * API is the judge of a finished tree and names the bad field
 * (`tree.nodes.main.options.2`), which the editor shows on that node.
 */
export const NODE_TYPES = [
  'play',
  'menu',
  'collect',
  'schedule',
  'lookup',
  'set',
  'transfer',
  'hangup',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export interface IvrNode {
  type: NodeType;
  name?: string;
  promptId?: number;
  next?: string;
  options?: Record<string, string>;
  timeoutSeconds?: number;
  retries?: number;
  invalidPromptId?: number | null;
  onTimeout?: string;
  onInvalid?: string;
  minDigits?: number;
  maxDigits?: number;
  terminator?: '#' | '*' | null;
  variable?: string;
  value?: string;
  scheduleId?: number;
  open?: string;
  closed?: string;
  destination?: Destination;
}

export interface IvrTree {
  start: string;
  nodes: Record<string, IvrNode>;
}

export const NODE_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];

/** A fresh node of a type, keeping the display name; references start empty for the user to pick. */
export function blankNode(type: NodeType, name?: string): IvrNode {
  const base = name ? { name } : {};
  switch (type) {
    case 'play':
      return { type, ...base, next: '' };
    case 'menu':
      return {
        type,
        ...base,
        options: {},
        timeoutSeconds: 5,
        retries: 2,
        invalidPromptId: null,
        onTimeout: '',
        onInvalid: '',
      };
    case 'collect':
      return {
        type,
        ...base,
        minDigits: 1,
        maxDigits: 4,
        terminator: '#',
        timeoutSeconds: 5,
        retries: 2,
        variable: '',
        next: '',
      };
    case 'schedule':
      return { type, ...base, open: '', closed: '' };
    case 'lookup':
      return { type, ...base, next: '' };
    case 'set':
      return { type, ...base, variable: '', value: '', next: '' };
    case 'transfer':
      return { type, ...base, destination: { type: 'hangup' } };
    default:
      return { type: 'hangup', ...base };
  }
}

/** A node's outgoing slots in display order: the field below the node, and where it points. */
export function slotsOf(n: IvrNode): { field: string; to: string }[] {
  switch (n.type) {
    case 'play':
    case 'collect':
    case 'lookup':
    case 'set':
      return [{ field: 'next', to: n.next ?? '' }];
    case 'menu':
      return [
        ...Object.entries(n.options ?? {})
          .sort(([a], [b]) => KEYS.indexOf(a) - KEYS.indexOf(b))
          .map(([k, to]) => ({ field: `options.${k}`, to })),
        { field: 'onTimeout', to: n.onTimeout ?? '' },
        { field: 'onInvalid', to: n.onInvalid ?? '' },
      ];
    case 'schedule':
      return [
        { field: 'open', to: n.open ?? '' },
        { field: 'closed', to: n.closed ?? '' },
      ];
    default:
      return [];
  }
}

/** Sets one slot (`next`, `options.2`, `open`, ...) of a node. */
export function setSlot(n: IvrNode, field: string, to: string): IvrNode {
  if (field.startsWith('options.')) return { ...n, options: { ...(n.options ?? {}), [field.slice(8)]: to } };
  return { ...n, [field]: to };
}

export function newNodeId(tree: IvrTree, hint = 'node'): string {
  for (let i = 1; ; i++) {
    const id = `${hint}${i}`;
    if (!tree.nodes[id]) return id;
  }
}

/**
 * Adds a hangup node after `parent`: in its first empty slot, or for a menu
 * as the next free key. Returns the new tree and node id (null when the node
 * cannot have children: transfer, hangup, or every slot taken).
 */
export function addChild(tree: IvrTree, parent: string): { tree: IvrTree; id: string | null } {
  const p = tree.nodes[parent];
  if (!p) return { tree, id: null };
  const id = newNodeId(tree);
  let slot: string | undefined;
  if (p.type === 'menu') {
    const free = KEYS.find((k) => !p.options?.[k]);
    slot = free === undefined ? undefined : `options.${free}`;
  } else slot = slotsOf(p).find((s) => !s.to)?.field;
  if (!slot) return { tree, id: null };
  return {
    tree: { ...tree, nodes: { ...tree.nodes, [parent]: setSlot(p, slot, id), [id]: blankNode('hangup') } },
    id,
  };
}

/** Removes a node; references to it become empty, menu keys to it go away. */
export function removeNode(tree: IvrTree, id: string): IvrTree {
  const nodes: Record<string, IvrNode> = {};
  for (const [k, n] of Object.entries(tree.nodes)) {
    if (k === id) continue;
    let m = n;
    if (m.options)
      m = { ...m, options: Object.fromEntries(Object.entries(m.options).filter(([, to]) => to !== id)) };
    for (const s of slotsOf(m)) if (s.to === id) m = setSlot(m, s.field, '');
    nodes[k] = m;
  }
  return { ...tree, nodes };
}

/** Renames a node and every reference to it; null when the new id is invalid or taken. */
export function renameNode(tree: IvrTree, from: string, to: string): IvrTree | null {
  if (from === to) return tree;
  if (!NODE_ID.test(to) || tree.nodes[to]) return null;
  const nodes: Record<string, IvrNode> = {};
  for (const [k, n] of Object.entries(tree.nodes)) {
    let m = n;
    for (const s of slotsOf(m)) if (s.to === from) m = setSlot(m, s.field, to);
    nodes[k === from ? to : k] = m;
  }
  return { start: tree.start === from ? to : tree.start, nodes };
}

/** A JSON export/import is `{ name?, tree, fallback? }` or a bare tree. */
export function parseImport(
  text: string,
): { name?: string; tree: IvrTree; fallback?: Destination | null } | null {
  try {
    const v = JSON.parse(text);
    const tree = v && typeof v === 'object' && 'tree' in v ? v.tree : v;
    if (!tree || typeof tree.start !== 'string' || !tree.nodes || typeof tree.nodes !== 'object') return null;
    return { name: typeof v.name === 'string' ? v.name : undefined, tree, fallback: v.fallback };
  } catch {
    return null;
  }
}
