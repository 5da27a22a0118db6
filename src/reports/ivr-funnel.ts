import type { Reader } from '../db/reader.js';
import { callsWhere, type DetailFilter, isoSec } from './detail-filter.js';

/**
 * The IVR funnel from calls.ivr_path, the path hotlined's IVR writes to
 * CDR(ivrpath) (src/ivr/machine.ts): the nodes entered in order, a menu
 * node followed by the key chosen there, or by `!timeout` / `!invalid`
 * when the caller used up the menu's retries; `..` first when older steps
 * were cut off. Node ids may be digits too, so a segment after a menu node
 * is read as its choice only when that node is a menu in one of the IVR
 * trees (or, for a node no tree has any more, when it looks like a key).
 */

export interface IvrNodeFunnel {
  node: string;
  /** Calls that entered the node (once per call, however often they came back). */
  entered: number;
  /** Per key: calls that chose it at this node. */
  keys: Record<string, number>;
  /** Calls that let this menu time out on every try and were sent on by its timeout branch. */
  timedOut: number;
  /** Calls that pressed keys with no option on every try. */
  invalid: number;
  /** Calls whose caller hung up while at this node (outcome abandoned_ivr; not at a hangup node, where the IVR did). */
  hungUp: number;
  /** Calls through this node that went on to a queue. */
  reachedQueue: number;
}

export interface IvrFunnelReport {
  from: string;
  to: string;
  /** Calls of the period that went through the IVR. */
  calls: number;
  /** In order of first appearance on the paths, most entered first. */
  nodes: IvrNodeFunnel[];
}

const KEY = /^[0-9*#]$/;
const FAILURE = /^!(timeout|invalid)$/;

interface PathStep {
  node: string;
  /** A key, `!timeout` or `!invalid`, or null when the caller moved on by themselves. */
  choice: string | null;
}

/** A path split into the nodes entered and what was chosen at each. */
export function parsePath(path: string, isMenu: (node: string) => boolean | undefined): PathStep[] {
  const segs = path.split('>').filter((s) => s !== '' && s !== '..');
  const steps: PathStep[] = [];
  for (const seg of segs) {
    const last = steps[steps.length - 1];
    const menu = last ? (isMenu(last.node) ?? KEY.test(seg)) : false;
    if (last && last.choice === null && menu && (KEY.test(seg) || FAILURE.test(seg))) last.choice = seg;
    else if (!FAILURE.test(seg)) steps.push({ node: seg, choice: null });
  }
  return steps;
}

const MENUS_SQL = `
SELECT DISTINCT n.key AS node, json_extract(n.value, '$.type') AS type
FROM ivrs, json_each(ivrs.tree, '$.nodes') n`;

const PATHS_SQL = (where: string) => `
SELECT c.ivr_path AS path, c.outcome = 'abandoned_ivr' AS hungUp, c.queue_id IS NOT NULL AS queued,
  COUNT(*) AS n
FROM calls c WHERE c.ivr_path <> '' AND ${where}
GROUP BY c.ivr_path, hungUp, queued`;

export async function ivrFunnel(reader: Reader, f: DetailFilter): Promise<IvrFunnelReport> {
  const w = callsWhere(f);
  const [menus, paths] = await Promise.all([
    reader.all<{ node: string; type: string }>(MENUS_SQL),
    reader.all<{ path: string; hungUp: number; queued: number; n: number }>(PATHS_SQL(w.sql), w.params),
  ]);
  // a node id that is a menu in one tree and not in another counts as a menu
  const menuOf = new Map<string, boolean>();
  for (const m of menus) menuOf.set(m.node, (menuOf.get(m.node) ?? false) || m.type === 'menu');
  const isMenu = (node: string) => menuOf.get(node);
  // a call that ended at a hangup node was hung up by the IVR, not by the caller
  const hangupNodes = new Set(menus.filter((m) => m.type === 'hangup').map((m) => m.node));

  const nodes = new Map<string, IvrNodeFunnel>();
  const nodeOf = (node: string) => {
    let x = nodes.get(node);
    if (!x) {
      x = { node, entered: 0, keys: {}, timedOut: 0, invalid: 0, hungUp: 0, reachedQueue: 0 };
      nodes.set(node, x);
    }
    return x;
  };
  let calls = 0;
  for (const p of paths) {
    calls += p.n;
    const steps = parsePath(p.path, isMenu);
    const seen = new Set<string>();
    const chose = new Set<string>();
    for (const s of steps) {
      const x = nodeOf(s.node);
      if (!seen.has(s.node)) {
        seen.add(s.node);
        x.entered += p.n;
        if (p.queued) x.reachedQueue += p.n;
      }
      if (s.choice === null || chose.has(`${s.node}>${s.choice}`)) continue;
      chose.add(`${s.node}>${s.choice}`);
      if (s.choice === '!timeout') x.timedOut += p.n;
      else if (s.choice === '!invalid') x.invalid += p.n;
      else x.keys[s.choice] = (x.keys[s.choice] ?? 0) + p.n;
    }
    const end = steps[steps.length - 1];
    if (end && p.hungUp && !hangupNodes.has(end.node)) nodeOf(end.node).hungUp += p.n;
  }
  const order = [...nodes.keys()];
  const list = [...nodes.values()].sort(
    (a, b) => b.entered - a.entered || order.indexOf(a.node) - order.indexOf(b.node),
  );
  return { from: isoSec(f.from), to: isoSec(f.to), calls, nodes: list };
}
