import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { EMERGENCY_NUMBERS } from '../dialplan/emergency.js';
import { withoutInvisible } from '../kit/text.js';
import { callerIdLines } from '../trunks/confgen.js';
import { dialPatternProblem, patternMatches } from './pattern.js';
import type { OutboundRoute, RouteClass } from './schema.js';

/** Included from [from-seats] after the seats: emergency numbers first, then the routes in order. */
export const OUTBOUND_CONTEXT = 'hotline-outbound';
/** The deny list's patterns, matched (DIALPLAN_EXISTS) against a canonical number. */
export const DENY_CONTEXT = 'hotline-outbound-deny';
/** The emergency numbers, so a route can tell one (DIALPLAN_EXISTS). */
export const EMERGENCY_CONTEXT = 'hotline-outbound-emergency';
/** Suspended seats (seat<ext>) and trunks (trunk<id>): the spend guard's verdicts. */
export const SUSPENDED_CONTEXT = 'hotline-outbound-suspended';
/** Gosub: ARG1 dialled, ARG2 to be sent; returns '' or the refusal label (premium, suspended). */
export const SCREEN_CONTEXT = 'hotline-outbound-screen';
/** Gosub: ARG1 a number; returns it in canonical form (pattern.ts canonicalNumber, step for step). */
export const CANON_CONTEXT = 'hotline-outbound-canon';
/** The characters a dialled number may have; FILTER() keeps only these before any Goto. */
export const NUMBER_CHARS = '0-9*#+';

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
  /** Patterns in canonical form (pattern.ts canonicalNumber). */
  denyList: string[];
  /** Trunks that exist in the trunk dialplan, and the Gosub context that dials each. */
  trunkDialContext: (trunkId: number) => string | null;
  /** The spend guard's suspended seats (extensions) and trunks (ids). */
  suspended?: { seats: string[]; trunks: number[] };
}

/**
 * hotline/extensions_outbound.conf. Asterisk searches a context's own
 * extensions before its includes, and includes in the order written, so the
 * first route (by position) with a matching pattern wins no matter how
 * specific a later route's pattern is. The route then checks, in order:
 * emergency number (sent whatever follows), the seat's class, the spend
 * guard and the deny list. The deny list is matched against the canonical
 * form of both the number as dialled and the number the route sends (after
 * strip/prepend), so +1900…, 001900… and a route that turns 9001900… into
 * 001900… are all one entry. Pure: rows in, text out.
 */
export function outboundDialplan(cfg: OutboundConfig): string {
  const routes = cfg.routes.filter((r) => r.enabled);
  const out = [banner('extensions_outbound.conf'), `[${OUTBOUND_CONTEXT}]`];
  if (routes.length) {
    out.push('; emergency numbers: on the route whose pattern takes them, else the first route');
    for (const n of EMERGENCY_NUMBERS) {
      const r = routes.find((x) => x.patterns.some((p) => patternMatches(p, n))) ?? routes[0]!;
      out.push(`exten => ${n},1,Goto(${routeContext(r.id)},${n},1)`);
    }
  }
  // the deny list as dialled too, before any route: a denied number no route takes is still
  // refused as premium (the routes match the canonical forms, [hotline-outbound-screen])
  if (cfg.denyList.length) out.push('; premium numbers as dialled: refused for every seat, before any route');
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
    // a request-URI may carry any character; only a number's go on (a comma would be a Goto label)
    for (const p of r.patterns)
      out.push(
        `exten => ${safePattern(p)},1,Goto(${routeContext(r.id)},\${FILTER(${NUMBER_CHARS},\${EXTEN})},1)`,
      );
    out.push('');
    out.push(...routeBody(r, cfg.trunkDialContext, new Set(cfg.suspended?.trunks ?? [])));
  }
  out.push(...screening(cfg));
  return out.join('\n');
}

/** The contexts every route shares: emergency numbers, deny list, suspensions, screen, canon. */
function screening(cfg: OutboundConfig): string[] {
  const out = [
    `[${EMERGENCY_CONTEXT}]`,
    ...EMERGENCY_NUMBERS.map((n) => `exten => ${n},1,NoOp(emergency)`),
    '',
  ];
  out.push(`[${DENY_CONTEXT}]`);
  if (cfg.denyList.length)
    out.push('; premium and high-cost numbers, canonical form: refused for every seat');
  for (const p of cfg.denyList) out.push(`exten => ${safePattern(p)},1,NoOp(denied)`);
  out.push('', `[${SUSPENDED_CONTEXT}]`);
  for (const ext of [...(cfg.suspended?.seats ?? [])].sort())
    out.push(`exten => seat${assertConfigValue(ext, /^[0-9]{2,8}$/)},1,NoOp(suspended)`);
  for (const id of [...(cfg.suspended?.trunks ?? [])].sort((a, b) => a - b))
    out.push(`exten => trunk${assertConfigValue(String(id), /^[1-9][0-9]{0,9}$/)},1,NoOp(suspended)`);
  const denied = (arg: string) => [
    ` same => n,Gosub(${CANON_CONTEXT},s,1(\${${arg}}))`,
    ` same => n,GotoIf(\${DIALPLAN_EXISTS(${DENY_CONTEXT},\${GOSUB_RETVAL},1)}?premium)`,
  ];
  out.push(
    '',
    `[${SCREEN_CONTEXT}]`,
    '; ARG1: the number as dialled, ARG2: the number the route sends. Returns the refusal or nothing.',
    `exten => s,1,GotoIf(\${DIALPLAN_EXISTS(${SUSPENDED_CONTEXT},seat\${HOTLINE_SEAT},1)}?suspended)`,
    ...denied('ARG1'),
    ...denied('ARG2'),
    ' same => n,Return()',
    ' same => n(premium),Return(premium)',
    ' same => n(suspended),Return(suspended)',
    '',
    `[${CANON_CONTEXT}]`,
    '; + is the international prefix 00; 0086 is China (0 + area code); a mobile loses its trunk 0',
    `exten => s,1,Set(LOCAL(n)=\${FILTER(${NUMBER_CHARS},\${ARG1})})`,
    ' same => n,ExecIf($["${n:0:1}" = "+"]?Set(LOCAL(n)=00${n:1}))',
    ' same => n,ExecIf($["${n:0:4}" = "0086"]?Set(LOCAL(n)=0${n:4}))',
    ' same => n,ExecIf($[${REGEX("^01[3-9][0-9]{9}$" ${n})}]?Set(LOCAL(n)=${n:1}))',
    ' same => n,Return(${n})',
    '',
  );
  return out;
}

function routeBody(
  r: OutboundRoute,
  dialContext: OutboundConfig['trunkDialContext'],
  suspendedTrunks: Set<number>,
): string[] {
  const rank = CLASS_RANK[r.requiredClass];
  const prepend = assertConfigValue(r.prepend, /^[0-9*#+]{0,20}$/);
  const strip = r.stripDigits > 0 ? `:${r.stripDigits}` : '';
  const out = [
    `[${routeContext(r.id)}]`,
    `; class ${r.requiredClass}, strip ${r.stripDigits}, prepend "${prepend}", trunks ${r.trunkIds.join(', ') || 'none'}`,
    `exten => _[+0-9*#]!,1,Set(HOTLINE_DIAL=${prepend}\${EXTEN${strip}})`,
    // an emergency call skips the class, the spend guard and the deny list
    ` same => n,Set(HOTLINE_EMERGENCY=\${DIALPLAN_EXISTS(${EMERGENCY_CONTEXT},\${EXTEN},1)})`,
    // sent as dialled: a route's strip/prepend is for ordinary numbers (110 → 10 would be wrong)
    ' same => n,ExecIf($[${HOTLINE_EMERGENCY}]?Set(HOTLINE_DIAL=${EXTEN}))',
    ' same => n,GotoIf($[${HOTLINE_EMERGENCY}]?send)',
    // an unset HOTLINE_CLASS (not a seat) reads as 0: internal, refused everywhere
    ` same => n,GotoIf($[0\${HOTLINE_CLASS} < ${rank}]?denied)`,
    ` same => n,Gosub(${SCREEN_CONTEXT},s,1(\${EXTEN},\${HOTLINE_DIAL}))`,
    ' same => n,GotoIf($["${GOSUB_RETVAL}" = "premium"]?premium)',
    ' same => n,GotoIf($["${GOSUB_RETVAL}" = "suspended"]?suspended)',
    ' same => n(send),NoOp()',
  ];
  if (r.callerId) out.push(' same => n,Set(HOTLINE_ROUTE_CID=1)', ...callerIdLines(r.callerId));
  const failover = FAILOVER_ON.map((s) => `"\${HOTLINE_TRUNK_RESULT}" != "${s}"`).join(' & ');
  let next = 0;
  for (const trunkId of r.trunkIds) {
    const ctx = dialContext(trunkId);
    if (ctx === null) continue; // disabled trunk: not in the trunk dialplan
    // a suspended trunk carries emergency calls only
    if (suspendedTrunks.has(trunkId)) out.push(` same => n,GotoIf($[!\${HOTLINE_EMERGENCY}]?t${++next})`);
    out.push(` same => n,Gosub(${ctx},s,1(\${HOTLINE_DIAL}))`, ` same => n,GotoIf($[${failover}]?done)`);
    if (suspendedTrunks.has(trunkId)) out.push(` same => n(t${next}),NoOp()`);
  }
  out.push(
    // every trunk unavailable, congested or full
    ' same => n,Set(CDR(userfield)=failed:trunks)',
    ' same => n,Hangup(34)',
    ' same => n(done),Hangup()',
    ' same => n(denied),Set(CDR(userfield)=denied:class)',
    ' same => n,Hangup(21)',
    ' same => n(premium),Set(CDR(userfield)=denied:premium)',
    ' same => n,Hangup(21)',
    // the spend guard: the seat hears why, then congestion
    ' same => n(suspended),Set(CDR(userfield)=denied:suspended)',
    ' same => n,Progress()',
    ' same => n,Playback(all-outgoing-lines-unavailable,noanswer)',
    ' same => n,Congestion(5)',
    '',
  );
  return out;
}
