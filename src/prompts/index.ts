import path from 'node:path';
import type { RequestHandler, Router } from 'express';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { hostPath, type Settings } from '../settings.js';
import { type AudioTools, createAudioTools } from './audio.js';
import { promptRoutes } from './routes.js';
import { createPromptService, type PromptService } from './service.js';
import { createPromptStore } from './store.js';

export type { PromptService } from './service.js';

export function createPrompts(deps: {
  db: Db;
  audit: Audit;
  log: Logger;
  settings: Settings;
  requireRole: (...roles: Role[]) => RequestHandler;
  /** Tests may swap the tools (e.g. to count synthesizer runs). */
  tools?: AudioTools;
}): { router: Router; service: PromptService } {
  const { settings } = deps;
  const service = createPromptService({
    db: deps.db,
    store: createPromptStore(deps.db),
    audit: deps.audit,
    log: deps.log.child({ component: 'prompts' }),
    tools: deps.tools ?? createAudioTools(),
    hostDir: hostPath(settings, settings.asterisk.promptDir),
    asteriskDir: settings.asterisk.promptDir,
    cacheDir: path.join(settings.dataDir, 'tts-cache'),
  });
  return { router: promptRoutes(service, deps.requireRole), service };
}
