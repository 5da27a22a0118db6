import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { validation } from '../errors.js';

/** What a rule's conditions see: the event, its variables, the customer (when known). */
export interface Facts {
  event: { type: string; source: string; number: string | null; customerId: number | null };
  vars: Record<string, string>;
  customer: { id: number; name: string; company: string; vip: number; numbers: string[] } | null;
}

/** `{ all: [] }` for a condition-less rule: json-rules-engine wants a top-level all/any/not. */
const topLevel = (c: unknown): TopLevelCondition => {
  const o = c as Record<string, unknown>;
  if ('all' in o || 'any' in o || 'not' in o) return o as unknown as TopLevelCondition;
  return { all: [o] } as unknown as TopLevelCondition;
};

/** Missing facts (no customer, a variable not sent) read as undefined: the condition fails, no error. */
const engineFor = (conditions: unknown) => {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addRule({ conditions: topLevel(conditions), event: { type: 'match' } });
  return engine;
};

/** Refuses conditions the engine cannot run (an unknown operator), naming the field. */
export async function checkConditions(conditions: unknown): Promise<void> {
  try {
    await engineFor(conditions).run({ event: {}, vars: {}, customer: null });
  } catch (err) {
    throw validation('conditions', `conditions cannot be evaluated: ${(err as Error).message}`);
  }
}

/** Whether the conditions hold for these facts. */
export async function matches(conditions: unknown, facts: Facts): Promise<boolean> {
  const r = await engineFor(conditions).run({ ...facts, customer: facts.customer ?? {} });
  return r.events.length > 0;
}
