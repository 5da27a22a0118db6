/**
 * For harnesses that wire a few domains by hand instead of building the whole
 * box (test/support/box.ts): a module's parts under the names those harnesses
 * used, with its config sections registered as buildHotline registers them.
 */
import type { Router } from 'express';
import type { ConfigApplier } from '../../src/asterisk/apply.js';
import type { Audit } from '../../src/audit/index.js';
import type { Bus } from '../../src/bus.js';
import type { Db } from '../../src/db/index.js';
import { createChange } from '../../src/kit/change.js';
import type { HotlineModule } from '../../src/module.js';

export function moduleParts<S>(m: HotlineModule<S>, applier?: ConfigApplier) {
  for (const s of m.configSections ?? []) {
    if (!applier) throw new Error(`module ${m.name} feeds Asterisk: give the harness's applier`);
    applier.register(s);
  }
  const first = m.routes?.[0];
  if (!first) throw new Error(`module ${m.name} has no routes`);
  return {
    service: m.service,
    router: first.router as Router,
    stop: () => void m.stop?.(),
  };
}

/**
 * The part of the box's Core a hand-wired harness has, with the one change()
 * built on it. Without an applier, a change that feeds Asterisk fails loudly.
 */
export function harnessCore<C extends { db: Db; bus: Bus; audit: Audit; applier?: ConfigApplier }>(c: C) {
  const applier = c.applier ?? noApplier;
  return { ...c, applier, change: createChange({ ...c, applier }) };
}

const noApplier = {
  register() {},
  change: () => Promise.reject(new Error('this harness has no config applier')),
  syncAll: async () => {},
} as unknown as ConfigApplier;
