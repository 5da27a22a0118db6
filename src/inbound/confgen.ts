import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { compileDestination, renderExtension } from '../destinations/compile.js';
import { numberPatternProblem } from './pattern.js';
import { ranked } from './rank.js';
import type { InboundRoute } from './schema.js';

export const INBOUND_CONTEXT = 'hotline-inbound';

const safePattern = (p: string) => {
  if (numberPatternProblem(p))
    throw new Error(`refusing to write unsafe number pattern ${JSON.stringify(p.slice(0, 40))}`);
  return assertConfigValue(p, /^[_+0-9XZN[\].!-]{1,32}$/);
};

/**
 * hotline/extensions_inbound.conf: [hotline-inbound] (included by the base
 * [from-trunks]) with one extension per enabled route, `DID` or `DID/CID`.
 * Asterisk orders them itself; they are written in the same order the API
 * shows. Each runs its destination, then its fallback when the destination
 * returns. Plain dialplan: routing works with hotlined stopped.
 */
export function inboundDialplan(routes: InboundRoute[]): string {
  const out = [banner('extensions_inbound.conf'), `[${INBOUND_CONTEXT}]`];
  for (const r of ranked(routes)) {
    if (r.rank === null) continue;
    const exten = safePattern(r.did) + (r.callerId === null ? '' : `/${safePattern(r.callerId)}`);
    out.push(
      `; route ${r.id}, rank ${r.rank}`,
      ...renderExtension(exten, [
        // the route, and the number dialled for the calls table (cdr_sqlite3_custom writes it as
        // column did): one priority, as each costs Asterisk a channel snapshot; the trunk's entry
        // context filtered EXTEN to these characters already, so no comma ever splits the MSet
        { app: `MSet(HOTLINE_ROUTE=${r.id},CDR(did)=\${FILTER(0-9*#+,\${EXTEN})})` },
        ...compileDestination(r.destination, { labelPrefix: 'd' }),
        { label: 'fallback', app: `NoOp(route ${r.id} fallback)` },
        ...compileDestination(r.fallback, { labelPrefix: 'f' }),
        { app: 'Hangup()' },
      ]),
      '',
    );
  }
  return out.join('\n');
}
