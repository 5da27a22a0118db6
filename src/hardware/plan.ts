import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import { e1InboundContext } from '../trunks/confgen.js';
import type { E1Trunk } from '../trunks/schema.js';
import type { SpanSettings } from './schema.js';
import { HardwarePlan, type HardwarePlanInput } from './span-schema.js';
import type { CardRow, PortRow } from './store.js';

/**
 * Where the two halves of an E1 trunk meet: the hardware domain's cards and
 * per-port line settings, and the trunks domain's signalling. The result is
 * the HardwarePlan the pure generators (./confgen.ts) consume.
 */
export interface PlanSources {
  cards: CardRow[];
  ports: PortRow[];
  trunks: E1Trunk[];
  toneZone: string;
}

export const DEFAULT_SPAN: SpanSettings = { lineMode: 'e1', clockPriority: 0, echoCanceller: 'none' };

function portInput(span: SpanSettings, t: E1Trunk): Record<string, unknown> {
  const common = {
    port: t.port,
    clockPriority: span.clockPriority,
    echoCanceller: span.echoCanceller,
    signalling: t.signalling,
    group: t.group,
    context: e1InboundContext(t.id),
    maxChannels: t.maxChannels,
  };
  if (span.lineMode === 't1')
    return {
      lineMode: 't1',
      framing: span.framing ?? 'esf',
      coding: span.coding ?? 'b8zs',
      lbo: span.lbo ?? 0,
      ...common,
    };
  return {
    lineMode: 'e1',
    // unset framing follows the signalling; a set one must agree with it (checked by the schema)
    framing: span.framing ?? (t.signalling.kind === 'mfcr2' ? 'cas' : 'ccs'),
    coding: span.coding ?? 'hdb3',
    ...(span.crc4 === undefined ? {} : { crc4: span.crc4 }),
    ...common,
  };
}

/** The plan input; enabled trunks only (a disabled trunk's port is an idle span). */
export function planInput(src: PlanSources): HardwarePlanInput {
  const cards = [...src.cards].sort(
    (a, b) => a.position - b.position || a.location.localeCompare(b.location),
  );
  const spanOf = (location: string, port: number) =>
    src.ports.find((p) => p.location === location && p.port === port)?.settings ?? DEFAULT_SPAN;
  for (const t of src.trunks) {
    if (t.enabled && !cards.some((c) => c.location === t.location))
      throw new AppError('validation', `no card at ${t.location} in the hardware plan`, {
        field: 'location',
      });
  }
  return {
    cards: cards.map((c) => ({
      location: c.location,
      driver: c.driver,
      portCount: c.portCount,
      ports: src.trunks
        .filter((t) => t.enabled && t.location === c.location)
        .sort((a, b) => a.port - b.port)
        .map((t) => portInput(spanOf(c.location, t.port), t)),
    })),
    toneZone: src.toneZone,
  } as HardwarePlanInput;
}

/**
 * Parses the plan; a problem becomes a 400 naming the field as the admin
 * knows it (`clockPriority`, `framing`, `signalling.maxDnis`), not the
 * plan's internal path.
 */
export function buildPlan(src: PlanSources): HardwarePlan {
  try {
    return HardwarePlan.parse(planInput(src));
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    const issue = err.issues[0];
    const p = issue?.path ?? [];
    const rest = p[0] === 'cards' && p[2] === 'ports' ? p.slice(4) : p[0] === 'cards' ? p.slice(2) : p;
    const field = rest.join('.') || 'body';
    throw new AppError('validation', `${field}: ${issue?.message ?? 'invalid'}`, { field });
  }
}
