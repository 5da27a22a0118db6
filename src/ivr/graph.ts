import type { Destination } from '../destinations/schema.js';
import { validation } from '../errors.js';
import { type IvrNode, type IvrTree, MAX_DEPTH } from './schema.js';

/**
 * How the nodes of a parsed tree fit together. Pure: what nodes point at
 * outside the tree (prompts, schedules, destinations) is asked through
 * `TreeRefs`. Every refusal is a 400 naming the bad node's path, e.g.
 * `tree.nodes.main.options.2`.
 */

export interface TreeRefs {
  promptExists(id: number): boolean;
  scheduleExists(id: number): boolean;
  /** Throws a 400 naming `field` (and below) when the destination points at nothing. */
  checkDestination(d: Destination, field: string): void;
  /** The IVR being saved (undefined on create): a transfer into itself is refused. */
  selfId?: number;
}

/** A node's outgoing references, with the field (below the node) that holds each. */
export function edgesOf(node: IvrNode): { field: string; to: string }[] {
  switch (node.type) {
    case 'play':
    case 'collect':
    case 'lookup':
    case 'set':
      return [{ field: 'next', to: node.next }];
    case 'menu':
      return [
        ...Object.entries(node.options)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([digit, to]) => ({ field: `options.${digit}`, to })),
        { field: 'onTimeout', to: node.onTimeout },
        { field: 'onInvalid', to: node.onInvalid },
      ];
    case 'schedule':
      return [
        { field: 'open', to: node.open },
        { field: 'closed', to: node.closed },
      ];
    case 'transfer':
    case 'hangup':
      return [];
  }
}

/** Nodes where the caller leaves the tree. */
const isExit = (n: IvrNode) => n.type === 'transfer' || n.type === 'hangup';
/** Nodes that wait for the caller: a loop must pass one, or it spins without end. */
const waitsForCaller = (n: IvrNode) => n.type === 'menu' || n.type === 'collect';

/** Prompts a node plays. */
export function promptsOf(node: IvrNode): { field: string; id: number }[] {
  switch (node.type) {
    case 'play':
    case 'collect':
      return [{ field: 'promptId', id: node.promptId }];
    case 'menu':
      return [
        { field: 'promptId', id: node.promptId },
        ...(node.invalidPromptId === null ? [] : [{ field: 'invalidPromptId', id: node.invalidPromptId }]),
      ];
    default:
      return [];
  }
}

/** Throws the first problem found, structure before references. */
export function checkTree(tree: IvrTree, refs: TreeRefs, field = 'tree'): void {
  checkStructure(tree, field);
  checkReferences(tree, refs, field);
}

export function checkStructure(tree: IvrTree, field = 'tree'): void {
  const { nodes } = tree;
  const at = (id: string, sub?: string) => `${field}.nodes.${id}${sub ? `.${sub}` : ''}`;
  const ids = Object.keys(nodes);
  if (!Object.hasOwn(nodes, tree.start)) throw validation(`${field}.start`, `no node "${tree.start}"`);

  for (const id of ids) {
    for (const e of edgesOf(nodes[id]!)) {
      if (!Object.hasOwn(nodes, e.to)) throw validation(at(id, e.field), `no node "${e.to}"`);
    }
  }

  // Depth: the fewest steps from start (start is step 1); also gives reachability.
  const depth = new Map<string, number>([[tree.start, 1]]);
  const queue = [tree.start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const d = depth.get(id)!;
    for (const e of edgesOf(nodes[id]!)) {
      if (depth.has(e.to)) continue;
      if (d + 1 > MAX_DEPTH) {
        throw validation(at(e.to), `node "${e.to}" is more than ${MAX_DEPTH} steps from the start`);
      }
      depth.set(e.to, d + 1);
      queue.push(e.to);
    }
  }
  const unreachable = ids.find((id) => !depth.has(id));
  if (unreachable !== undefined) {
    throw validation(at(unreachable), `node "${unreachable}" cannot be reached from the start`);
  }

  // Every node must lead to an exit (transfer or hangup) on some path.
  const reverse = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const e of edgesOf(nodes[id]!)) reverse.get(e.to)!.push(id);
  const canExit = new Set(ids.filter((id) => isExit(nodes[id]!)));
  const stack = [...canExit];
  while (stack.length) {
    for (const from of reverse.get(stack.pop()!)!) {
      if (!canExit.has(from)) {
        canExit.add(from);
        stack.push(from);
      }
    }
  }
  const trapped = queue.find((id) => !canExit.has(id));
  if (trapped !== undefined) {
    throw validation(at(trapped), `node "${trapped}" is in a loop without an exit (transfer or hang-up)`);
  }

  // A loop must pass a node that waits for the caller, or it spins without end.
  const spinning = findCycle(
    ids.filter((id) => !waitsForCaller(nodes[id]!)),
    (id) => edgesOf(nodes[id]!).map((e) => e.to),
    (id) => !waitsForCaller(nodes[id]!),
  );
  if (spinning !== undefined) {
    throw validation(at(spinning), `node "${spinning}" is in a loop that never waits for the caller`);
  }
}

function checkReferences(tree: IvrTree, refs: TreeRefs, field: string): void {
  for (const [id, node] of Object.entries(tree.nodes)) {
    const at = `${field}.nodes.${id}`;
    for (const p of promptsOf(node)) {
      if (!refs.promptExists(p.id)) throw validation(`${at}.${p.field}`, `prompt ${p.id} does not exist`);
    }
    if (node.type === 'schedule' && !refs.scheduleExists(node.scheduleId)) {
      throw validation(`${at}.scheduleId`, `schedule ${node.scheduleId} does not exist`);
    }
    if (node.type === 'transfer') {
      for (const [d, sub] of plainTargets(node.destination)) {
        if (refs.selfId !== undefined && d.type === 'ivr' && d.ivrId === refs.selfId) {
          throw validation(
            `${at}.destination${sub}.ivrId`,
            'an IVR cannot transfer into itself; point at a node of this tree instead',
          );
        }
      }
      refs.checkDestination(node.destination as Destination, `${at}.destination`);
    }
  }
}

export function plainTargets(d: Destination): [Destination, string][] {
  return d.type === 'schedule'
    ? [
        [d.open, '.open'],
        [d.closed, '.closed'],
      ]
    : [[d, '']];
}

/** A node on a cycle of the subgraph of `within` nodes, or undefined. Iterative DFS. */
function findCycle(
  within: string[],
  next: (id: string) => string[],
  inside: (id: string) => boolean,
): string | undefined {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  for (const root of within) {
    if (state.has(root)) continue;
    const stack: { id: string; out: string[] }[] = [{ id: root, out: next(root).filter(inside) }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const to = top.out.pop();
      if (to === undefined) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const s = state.get(to);
      if (s === 1) return to;
      if (s === undefined) {
        state.set(to, 1);
        stack.push({ id: to, out: next(to).filter(inside) });
      }
    }
  }
  return undefined;
}
