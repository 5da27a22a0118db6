import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { compileDestination, ivrContext, renderExtension } from '../destinations/compile.js';
import type { Destination } from '../destinations/schema.js';
import { compileIvr, needsHotlined, pathSubroutine } from './compile.js';
import { type IvrTree, NODE_ID } from './schema.js';

/** What the generator needs of an IVR (the store's rows fit; compiling needs the whole tree). */
export interface IvrForDialplan {
  id: number;
  tree: { start?: string; nodes: Record<string, { type: string; destination?: unknown }> };
  fallback: Destination | null;
}

/** settings `ivr.engine`: IVR trees as plain dialplan (compile.ts), or every tree in the Stasis app. */
export type IvrEngine = 'dialplan' | 'stasis';

/** With the dialplan engine: where Asterisk finds a prompt (no extension). */
export interface CompileOptions {
  promptPath(id: number): string;
}

/** Whether an IVR runs as compiled dialplan: the dialplan engine, and no node needing hotlined. */
export const isCompiled = (tree: IvrForDialplan['tree'], compile: CompileOptions | null) =>
  compile !== null && !needsHotlined(tree);

/** After the Stasis runner: its CDR(ivrpath) where a compiled IVR reads the path so far. */
const HAND_OVER_PATH = { app: 'Set(HOTLINE_IVR_PATH=${CDR(ivrpath)})' };

const APP = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/**
 * The dialplan extension of each transfer node: `t1`, `t2`, ... in node-id
 * order. Node ids are not used as extension names: `-` is ignored when
 * Asterisk matches an extension (so `a-b` and `ab` would clash) and a leading
 * `_` would make a pattern. The runner asks the same function for the tree
 * as it is now, so both sides agree after an edit.
 */
export function transferExtensions(tree: IvrForDialplan['tree']): Map<string, string> {
  const ids = Object.keys(tree.nodes)
    .filter((id) => tree.nodes[id]!.type === 'transfer')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(ids.map((id, i) => [id, `t${i + 1}`]));
}

/**
 * hotline/extensions_ivr.conf: one `[hotline-ivr-<id>]` context per IVR,
 * sorted by id. With `compile` (the dialplan engine) a tree that needs no
 * hotlined at call time is compiled into plain dialplan (compile.ts, with
 * `[hotline-ivr-path]` first in the file); any other tree runs in Stasis:
 * `s` answers and hands the caller to hotlined's Stasis app,
 * with the IVR path so far (CDR(ivrpath), set by an IVR the caller comes
 * from) as the third argument; when the app is not registered
 * (STASISSTATUS=FAILED) or lets the caller go (continueInDialplan at the
 * next priority), the IVR's fallback runs, then
 * Return() to the inbound route, whose own fallback follows. A transfer node
 * is `continueInDialplan` to its `tK` extension: the compiled destination,
 * then Return() too, so a destination that gives up (a seat that did not
 * answer) still ends at the route's fallback. Pure: rows in, text out.
 */
export function ivrDialplan(
  ivrs: IvrForDialplan[],
  app: string,
  compile: CompileOptions | null = null,
): string {
  const stasisApp = assertConfigValue(app, APP);
  const out = [banner('extensions_ivr.conf')];
  if (compile) out.push(...pathSubroutine());
  for (const ivr of [...ivrs].sort((a, b) => a.id - b.id)) {
    const ctx = ivrContext(ivr.id);
    if (isCompiled(ivr.tree, compile)) {
      const tree = ivr.tree as IvrTree;
      out.push(
        `[${ctx}]`,
        ...compileIvr({ ...ivr, tree }, transferExtensions(tree), compile!.promptPath),
        '',
      );
      continue;
    }
    out.push(
      `[${ctx}]`,
      ...renderExtension('s', [
        // answered here and the path so far handed over as an argument: two round trips
        // fewer for the runner (a no-op for a caller coming from another IVR, already up)
        { app: 'Answer()' },
        // a compiled IVR before this one keeps its path in HOTLINE_IVR_PATH: the runner takes it
        // over (and writes the CDR itself), so that IVR's hangup handler has nothing left to write
        ...(compile
          ? [
              {
                app: 'Set(LOCAL(path)=${IF($["${HOTLINE_IVR_PATH}" != ""]?${HOTLINE_IVR_PATH}:${CDR(ivrpath)})})',
              },
              { app: 'Set(HOTLINE_IVR_PATH=)' },
              { app: `Stasis(${stasisApp},ivr,${ivr.id},\${path})` },
            ]
          : [{ app: `Stasis(${stasisApp},ivr,${ivr.id},\${CDR(ivrpath)})` }]),
        ...(ivr.fallback
          ? [
              { app: `NoOp(ivr ${ivr.id} fallback)` },
              ...(compile ? [HAND_OVER_PATH] : []),
              ...compileDestination(ivr.fallback, { labelPrefix: 'f' }),
            ]
          : []),
        { app: 'Return()' },
      ]),
    );
    for (const [nodeId, exten] of transferExtensions(ivr.tree)) {
      const node = ivr.tree.nodes[nodeId]!;
      out.push(
        ...renderExtension(exten, [
          { app: `NoOp(ivr ${ivr.id} node ${assertConfigValue(nodeId, NODE_ID)})` },
          // a compiled IVR the caller goes on to continues the path from its channel variable
          ...(compile ? [HAND_OVER_PATH] : []),
          ...compileDestination(node.destination as Destination, { labelPrefix: 'd' }),
          { app: 'Return()' },
        ]),
      );
    }
    out.push('');
  }
  return out.join('\n');
}
