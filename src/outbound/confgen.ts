import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { withoutInvisible } from '../kit/text.js';
import { callerIdLines } from '../trunks/confgen.js';
import { dialPatternProblem } from './pattern.js';
import type { OutboundRoute, RouteClass } from './schema.js';

/** Included from [from-seats] after the seats: deny list first, then the routes in order. */
export const OUTBOUND_CONTEXT = 'hotline-outbound';

/** Same ranks as the seats' HOTLINE_CLASS (internal 0 … international 3). */
const CLASS_RANK: Record<RouteClass, number> = { local: 1, national: 2, international: 3 };

/** Dial results after which the next trunk is tried (FULL: the trunk is at its channel limit). */
const FAILOVER_ON = ['FULL', 'CHANUNAVAIL', 'CONGESTION'] as const;

export const routePatternContext = (id: number): string => `hotline-outbound-r${id}`;
export const routeContext = (id: number): string => `hotline-outbound-route-${id}`;

const DISPLAY = /^[^\u0000-\u001f\u007f"'`\\;<>$[\]{}(),|&]{1,64}$/u;

/** A dial pattern about to be written: the same check as the API, once more. */
function safePattern(p: string): string {
  if (dialPatternProblem(p) !== null) {
    throw new Error(
      `refusing to write unsafe dial pattern into Asterisk config: ${JSON.stringify(p.slice(0, 40))}`,
    );
  }
  return assertConfigValue(p, /^_?[0-9*#+XZN.![\]-]{1,40}$/);
}

export interface OutboundConfig {
  /** Routes in matching order (position). */
  routes: OutboundRoute[];
  denyList: string[];
  /** Trunks that exist in the trunk dialplan, and the Gosub context that dials each. */
  trunkDialContext: (trunkId: number) => string | null;
}

/**
 * hotline/extensions_outbound.conf. Asterisk searches a context's own
 * extensions before its includes, and includes in the order written, so
 * the premium deny list (own extensions of [hotline-outbound]) beats every
 * route, and the first route (by position) with a matching pattern wins no
 * matter how specific a later route's pattern is. Pure: rows in, text out.
 */
export function outboundDialplan(cfg: OutboundConfig): string {
  const routes = cfg.routes.filter((r) => r.enabled);
  const out = [banner('extensions_outbound.conf'), `[${OUTBOUND_CONTEXT}]`];
  if (cfg.denyList.length) out.push('; premium numbers: refused for every seat, before any route');
  for (const p of cfg.denyList) {
    out.push(`exten => ${safePattern(p)},1,Set(CDR(userfield)=denied:premium)`, ' same => n,Hangup(21)');
  }
  if (routes.length)
    out.push('; routes in matching order: the first route with a matching pattern takes the call');
  for (const r of routes) out.push(`include => ${routePatternContext(r.id)}`);
  out.push('');

  for (const r of routes) {
    const name = assertConfigValue(withoutInvisible(r.name), DISPLAY);
    out.push(`[${routePatternContext(r.id)}]`, `; route ${r.id}: ${name}`);
    for (const p of r.patterns)
      out.push(`exten => ${safePattern(p)},1,Goto(${routeContext(r.id)},\${EXTEN},1)`);
    out.push('');
    out.push(...routeBody(r, cfg.trunkDialContext));
  }
  return out.join('\n');
}

function routeBody(r: OutboundRoute, dialContext: OutboundConfig['trunkDialContext']): string[] {
  const rank = CLASS_RANK[r.requiredClass];
  const prepend = assertConfigValue(r.prepend, /^[0-9*#+]{0,20}$/);
  const strip = r.stripDigits > 0 ? `:${r.stripDigits}` : '';
  const out = [
    `[${routeContext(r.id)}]`,
    `; class ${r.requiredClass}, strip ${r.stripDigits}, prepend "${prepend}", trunks ${r.trunkIds.join(', ') || 'none'}`,
    // an unset HOTLINE_CLASS (not a seat) reads as 0: internal, refused everywhere
    `exten => _[+0-9*#]!,1,GotoIf($[0\${HOTLINE_CLASS} < ${rank}]?denied)`,
    ` same => n,Set(HOTLINE_DIAL=${prepend}\${EXTEN${strip}})`,
  ];
  if (r.callerId) out.push(' same => n,Set(HOTLINE_ROUTE_CID=1)', ...callerIdLines(r.callerId));
  const failover = FAILOVER_ON.map((s) => `"\${HOTLINE_TRUNK_RESULT}" != "${s}"`).join(' & ');
  for (const trunkId of r.trunkIds) {
    const ctx = dialContext(trunkId);
    if (ctx === null) continue; // disabled trunk: not in the trunk dialplan
    out.push(` same => n,Gosub(${ctx},s,1(\${HOTLINE_DIAL}))`, ` same => n,GotoIf($[${failover}]?done)`);
  }
  out.push(
    // every trunk unavailable, congested or full
    ' same => n,Set(CDR(userfield)=failed:trunks)',
    ' same => n,Hangup(34)',
    ' same => n(done),Hangup()',
    ' same => n(denied),Set(CDR(userfield)=denied:class)',
    ' same => n,Hangup(21)',
    '',
  );
  return out;
}
