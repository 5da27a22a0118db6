import path from 'node:path';
import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { hostPath } from '../settings.js';
import { createAudioTools } from './audio.js';
import { promptRoutes } from './routes.js';
import { createPromptService, type PromptService } from './service.js';
import { createPromptStore } from './store.js';

export type { PromptService } from './service.js';

/** Prompts: uploaded or synthesized audio that announcements and IVRs play (no config of their own). */
export function createPrompts(core: Core, deps: { requireRole: RequireRole }): HotlineModule<PromptService> {
  const { settings } = core;
  const service = createPromptService({
    store: createPromptStore(core.db),
    change: core.change,
    // tests may swap the tools (e.g. to count synthesizer runs)
    tools: core.overrides.audioTools ?? createAudioTools(),
    hostDir: hostPath(settings, settings.asterisk.promptDir),
    asteriskDir: settings.asterisk.promptDir,
    cacheDir: path.join(settings.dataDir, 'tts-cache'),
  });
  return {
    name: 'prompts',
    service,
    routes: [mount('/prompts', promptRoutes(service, deps.requireRole))],
    publishes: ['prompt.changed'],
  };
}
