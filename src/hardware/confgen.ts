import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { DEVICE_LOCATION } from '../e1/signalling.js';
import {
  type Card,
  crc4Enabled,
  type DahdiDriver,
  DIALPLAN_CONTEXT,
  type HardwarePlan,
  type PortSettings,
} from './span-schema.js';

export { checkSystemConf, type SpanExtent } from './system-conf-check.js';

/**
 * Pure generators for the DAHDI side of E1/T1 trunks (system.conf,
 * chan_dahdi.conf, assigned-spans.conf, span-types.conf, modprobe options):
 * plan in, file text out. Spans and channels are numbered here,
 * in plan order, and pinned with assigned-spans.conf, so the global channel
 * numbers written into system.conf and chan_dahdi.conf are the ones the
 * kernel will use (modprobe options turn auto assignment off).
 */

/** One port of one card, with the span and channel numbers we assign to it. */
export interface SpanLayout {
  /** Index of the card in the plan. */
  card: number;
  location: string;
  driver: DahdiDriver;
  port: number;
  span: number;
  basechan: number;
  /** 31 for E1 (timeslots 1-31), 24 for T1. */
  channels: number;
  settings: PortSettings | null;
}

type Range = readonly [number, number];

/** Spans in plan order (cards as listed, ports 1..n); unconfigured ports are idle E1. */
export function spanLayout(plan: HardwarePlan): SpanLayout[] {
  const out: SpanLayout[] = [];
  let span = 1;
  let basechan = 1;
  plan.cards.forEach((card, cardIndex) => {
    for (let port = 1; port <= card.portCount; port++) {
      const settings = card.ports.find((p) => p.port === port) ?? null;
      const channels = settings?.lineMode === 't1' ? 24 : 31;
      out.push({
        card: cardIndex,
        location: card.location,
        driver: card.driver,
        port,
        span,
        basechan,
        channels,
        settings,
      });
      span += 1;
      basechan += channels;
    }
  });
  return out;
}

/** Voice channels: E1 timeslots 1-15 and 17-31, T1 1-23. */
function bearers(l: SpanLayout): Range[] {
  const b = l.basechan;
  return l.channels === 24
    ? [[b, b + 22]]
    : [
        [b, b + 14],
        [b + 16, b + 30],
      ];
}

/** TS16 on E1, channel 24 on T1: the D-channel for PRI, the CAS channel for R2. */
const signallingChannel = (l: SpanLayout): number => l.basechan + (l.channels === 24 ? 23 : 15);

/** Enum values (framing, switchtype, ...): already checked by the schema, asserted once more. */
const WORD = /^[a-z0-9_]{1,40}$/;

const ranges = (rs: Range[]): string => rs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');

const location = (l: { location: string }): string => `@${assertConfigValue(l.location, DEVICE_LOCATION)}`;

/** Numbers too: a model that bypassed the schema must not write `NaN` or `1\n...`. */
const int = (n: number): string => assertConfigValue(String(n), /^-?[0-9]{1,5}$/);

const hashBanner = (file: string): string => banner(file).replace(/^;/, '#');

function describe(l: SpanLayout): string {
  const s = l.settings;
  const what = !s
    ? 'not in use'
    : s.signalling.kind === 'pri'
      ? `${s.lineMode.toUpperCase()} ISDN PRI ${s.signalling.node}`
      : `${s.lineMode.toUpperCase()} MFC/R2 ${s.signalling.variant}`;
  return `span ${l.span}: port ${l.port} of ${location(l)}, ${what}`;
}

const configured = (layout: SpanLayout[]) =>
  layout.filter((l): l is SpanLayout & { settings: PortSettings } => l.settings !== null);

/** /etc/dahdi/system.conf: span lines, channel signalling, echo cancellers, tone zone. */
export function systemConf(plan: HardwarePlan): string {
  const out = [hashBanner('/etc/dahdi/system.conf')];
  for (const l of spanLayout(plan)) {
    out.push(`# ${describe(l)}`);
    if (l.settings) out.push(...spanLines(l, l.settings));
    out.push('');
  }
  const zone = assertConfigValue(plan.toneZone, /^[a-z]{2}$/);
  out.push(`loadzone=${zone}`, `defaultzone=${zone}`, '');
  return out.join('\n');
}

function spanLines(l: SpanLayout, s: PortSettings): string[] {
  const lbo = s.lineMode === 't1' ? s.lbo : 0;
  const flags = crc4Enabled(s) ? ',crc4' : '';
  const voice = ranges(bearers(l));
  const line = [l.span, s.clockPriority, lbo].map(int).join(',');
  const out = [
    `span=${line},${assertConfigValue(s.framing, WORD)},${assertConfigValue(s.coding, WORD)}${flags}`,
  ];
  if (s.signalling.kind === 'pri') {
    const dchan = assertConfigValue(s.signalling.dchannel, WORD);
    out.push(`bchan=${voice}`, `${dchan}=${signallingChannel(l)}`);
  } else {
    // no line at all for TS16: the driver reserves it on CAS spans and dahdi_cfg stops at the error
    const bits = assertConfigValue(s.signalling.idleBits, /^[01]{4}$/);
    for (const r of bearers(l)) out.push(`cas=${ranges([r])}:${bits}`);
  }
  // B-channels only: an echo canceller on the D-channel would corrupt HDLC
  if (s.echoCanceller !== 'none')
    out.push(`echocanceller=${s.echoCanceller === 'hw' ? 'hwec' : 'oslec'},${voice}`);
  return out;
}

/**
 * chan_dahdi.conf: one block per configured span that sets every option it
 * relies on, because chan_dahdi carries values over to later `channel =>`
 * lines. The D-channel is never listed: chan_dahdi finds it itself.
 */
export function chanDahdiConf(plan: HardwarePlan): string {
  const out = [
    banner('chan_dahdi.conf'),
    '[trunkgroups]',
    '',
    '[channels]',
    // SpanAlarm events per span plus Alarm per channel; read on load only
    'reportalarms=all',
    // one bad span must not stop the module from loading the others
    'ignore_failed_channels=yes',
    'usecallerid=yes',
    '',
  ];
  for (const l of configured(spanLayout(plan))) {
    const s = l.settings;
    out.push(`; ---- ${describe(l)}`);
    out.push(...(s.signalling.kind === 'pri' ? priOptions(s.signalling) : r2Options(l.span, s.signalling)));
    out.push(
      `context=${assertConfigValue(s.context, DIALPLAN_CONTEXT)}`,
      `group=${int(s.group)}`,
      'callerid=asreceived',
      `echocancel=${s.echoCanceller === 'none' ? 'no' : 'yes'}`,
      'echocancelwhenbridged=no',
      'rxgain=0.0',
      'txgain=0.0',
      `channel => ${ranges(bearers(l))}`,
      '',
    );
  }
  return out.join('\n');
}

type Pri = Extract<PortSettings['signalling'], { kind: 'pri' }>;
type R2 = Extract<PortSettings['signalling'], { kind: 'mfcr2' }>;
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function priOptions(p: Pri): string[] {
  return [
    `signalling=${assertConfigValue(p.node, WORD)}`,
    `switchtype=${assertConfigValue(p.switchtype, WORD)}`,
    `pridialplan=${assertConfigValue(p.dialplan, WORD)}`,
    `prilocaldialplan=${assertConfigValue(p.localDialplan, WORD)}`,
    'resetinterval=never',
    `overlapdial=${yesNo(p.overlapDial)}`,
  ];
}

function r2Options(span: number, r: R2): string[] {
  return [
    'signalling=mfcr2',
    `mfcr2_variant=${assertConfigValue(r.variant, WORD)}`,
    `mfcr2_max_ani=${int(r.maxAni)}`,
    `mfcr2_max_dnis=${int(r.maxDnis)}`,
    `mfcr2_get_ani_first=${yesNo(r.getAniFirst)}`,
    `mfcr2_category=${assertConfigValue(r.category, WORD)}`,
    `mfcr2_mfback_timeout=${int(r.mfBackTimeout)}`,
    `mfcr2_metering_pulse_timeout=${int(r.meteringPulseTimeout)}`,
    'mfcr2_allow_collect_calls=no',
    'mfcr2_double_answer=no',
    'mfcr2_immediate_accept=no',
    'mfcr2_accept_on_offer=yes',
    'mfcr2_skip_category=no',
    'mfcr2_forced_release=no',
    'mfcr2_charge_calls=yes',
    `mfcr2_logdir=span${span}`,
    `mfcr2_call_files=${yesNo(r.callFiles)}`,
    'mfcr2_logging=error,warning',
  ];
}

/** Drivers whose E1/T1 mode comes from `default_linemode` (TE13x/TE43x default to T1). */
const LINEMODE_DRIVERS: readonly DahdiDriver[] = ['wct4xxp', 'wcte12xp', 'wcte13xp', 'wcte43x'];

const portMode = (card: Card, port: number): 'e1' | 't1' =>
  card.ports.find((p) => p.port === port)?.lineMode ?? 'e1';

/** /etc/modprobe.d/hotline-dahdi.conf: fixed span numbering and the line mode per driver. */
export function modprobeConf(plan: HardwarePlan): string {
  const out = [
    hashBanner('/etc/modprobe.d/hotline-dahdi.conf'),
    '# spans are numbered by /etc/dahdi/assigned-spans.conf, not by load order',
    'options dahdi auto_assign_spans=0',
  ];
  const drivers = [...new Set(plan.cards.map((c) => c.driver))].sort();
  for (const d of drivers) {
    if (!LINEMODE_DRIVERS.includes(d)) continue;
    const modes = new Set(
      plan.cards
        .filter((c) => c.driver === d)
        .flatMap((c) => Array.from({ length: c.portCount }, (_, i) => portMode(c, i + 1))),
    );
    const [only] = modes;
    if (modes.size === 1 && only) out.push(`options ${d} default_linemode=${only}`);
    else out.push(`# ${d}: E1 and T1 ports mixed, set per port in /etc/dahdi/span-types.conf`);
  }
  out.push('');
  return out.join('\n');
}

/** /etc/dahdi/span-types.conf: E1/T1 per port, applied before spans are assigned. */
export function spanTypesConf(plan: HardwarePlan): string {
  const out = [hashBanner('/etc/dahdi/span-types.conf')];
  for (const l of spanLayout(plan)) out.push(`${location(l)} ${l.port}:${l.channels === 24 ? 'T1' : 'E1'}`);
  out.push('');
  return out.join('\n');
}

/** /etc/dahdi/assigned-spans.conf: `<device> <local>:<span>:<basechan>`, one port a line. */
export function assignedSpansConf(plan: HardwarePlan): string {
  const out = [hashBanner('/etc/dahdi/assigned-spans.conf')];
  for (const l of spanLayout(plan)) out.push(`${location(l)} ${l.port}:${l.span}:${l.basechan}`);
  out.push('');
  return out.join('\n');
}
