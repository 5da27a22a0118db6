import { assignedSpansConf, modprobeConf, type SpanLayout, spanLayout, spanTypesConf } from './confgen.js';
import type { HardwarePlan, PortSettings } from './span-schema.js';

/**
 * How disruptive a plan change is: chan_dahdi
 * ignores signalling, switchtype, numbering plans, every mfcr2_* option and
 * new PRI/R2 spans on reload, so those need `dahdi restart` (all DAHDI calls
 * drop); a new span can come up alone with `dahdi create channels`; line
 * settings re-run dahdi_cfg for that span only; context, group and limits
 * are a plain reload. Span numbering, port modes and driver options need the
 * kernel modules reloaded, which only a maintenance window can do.
 */
export const CHANGE_KINDS = [
  'none',
  'reload',
  'create-channels',
  'line',
  'restart',
  'driver-reload',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface Classification {
  kind: ChangeKind;
  /** Spans whose DAHDI line or channels change (dahdi_cfg -S, create channels). */
  spans: number[];
  /** New spans, for `dahdi create channels`. */
  newSpans: number[];
  /** Whose calls drop: nobody, calls on `spans`, or every DAHDI call. */
  drops: 'none' | 'spans' | 'all';
  reasons: string[];
}

const rank = (k: ChangeKind) => CHANGE_KINDS.indexOf(k);

const lineOf = (s: PortSettings) =>
  JSON.stringify([
    s.lineMode,
    s.framing,
    s.coding,
    s.lineMode === 'e1' ? s.crc4 : s.lbo,
    s.clockPriority,
    s.echoCanceller,
  ]);

export function classifyChange(before: HardwarePlan, after: HardwarePlan): Classification {
  let kind = 'none' as ChangeKind;
  const reasons: string[] = [];
  const spans = new Set<number>();
  const newSpans: number[] = [];
  const raise = (k: ChangeKind, why: string) => {
    if (rank(k) > rank(kind)) kind = k;
    reasons.push(why);
  };
  for (const gen of [modprobeConf, assignedSpansConf, spanTypesConf]) {
    if (gen(before) !== gen(after)) {
      raise(
        'driver-reload',
        'cards, span numbering or port line modes changed: the DAHDI drivers must be reloaded',
      );
      break;
    }
  }
  if (kind === 'driver-reload') {
    return { kind, spans: [], newSpans: [], drops: 'all', reasons };
  }
  const old = new Map(spanLayout(before).map((l) => [l.span, l]));
  for (const l of spanLayout(after)) {
    const prev: SpanLayout | undefined = old.get(l.span);
    const a = prev?.settings ?? null;
    const b = l.settings;
    if (!a && !b) continue;
    if (!a && b) {
      raise('create-channels', `span ${l.span} comes into use`);
      spans.add(l.span);
      newSpans.push(l.span);
      continue;
    }
    if (a && !b) {
      raise('restart', `span ${l.span} goes out of use: chan_dahdi must drop its channels`);
      continue;
    }
    if (!a || !b) continue;
    if (JSON.stringify(a.signalling) !== JSON.stringify(b.signalling))
      raise('restart', `span ${l.span}: signalling changed, which chan_dahdi reads only on restart`);
    if (lineOf(a) !== lineOf(b)) {
      raise('line', `span ${l.span}: line settings changed (dahdi_cfg for this span)`);
      spans.add(l.span);
    }
    if (a.context !== b.context || a.group !== b.group || a.maxChannels !== b.maxChannels)
      raise('reload', `span ${l.span}: group, context or channel limit changed`);
  }
  if (before.toneZone !== after.toneZone) raise('restart', 'tone zone changed');
  const drops = kind === 'restart' ? 'all' : kind === 'line' ? 'spans' : 'none';
  return { kind, spans: [...spans].sort((x, y) => x - y), newSpans, drops, reasons };
}
