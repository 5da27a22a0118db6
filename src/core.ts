import type { Ami } from './asterisk/ami.js';
import type { ConfigApplier } from './asterisk/apply.js';
import type { Ari } from './asterisk/ari.js';
import type { Audit } from './audit/index.js';
import type { Bus } from './bus.js';
import type { Db } from './db/index.js';
import type { Reader } from './db/reader.js';
import type { HardwarePaths, ToolRunner } from './hardware/tools.js';
import type { Change } from './kit/change.js';
import type { diskUsage } from './live/banners.js';
import type { HubOptions } from './live/hub.js';
import type { LiveDirectory } from './live/views.js';
import type { Logger } from './log.js';
import type { AudioTools } from './prompts/audio.js';
import type { Settings } from './settings.js';

/*
 * What every domain is built on, apart from the builder (src/hotline.ts) so
 * that a domain's factory can name it without importing the builder that
 * imports the domain.
 */

/** What a caller (a test, the dev stack) may swap; everything else is built as on the box. */
export interface HotlineOverrides {
  log?: Logger;
  ami?: Ami;
  ari?: Ari;
  /** dahdi_cfg, dahdi_scan & co. (no card exists on a development machine). */
  runTool?: ToolRunner;
  hardwarePaths?: HardwarePaths;
  /** sox / espeak-ng for prompts. */
  audioTools?: AudioTools;
  /** The live view's names and thresholds (default: the queues, agents and trunks domains). */
  liveDirectory?: LiveDirectory;
  /** Built web UI to serve; null serves none. */
  staticDir?: string | null;
  /** queue_log, CDR and DAHDI span poll interval (tests choose their own). */
  pollMs?: number;
  /** The clock of sessions, tokens and the login throttle (tests move time). */
  now?: () => number;
  /** Where DAHDI's span files are read (/proc/dahdi/<span>). */
  procRoot?: string;
  /** The live view's stream pacing and disk reads. */
  live?: { hub?: HubOptions; diskUsage?: typeof diskUsage; diskPollMs?: number };
  /** The SMS modem's health poll and reopen backoff. */
  smsModem?: { pollMs?: number; backoffMs?: { min: number; max: number } };
}

/** The infrastructure every domain is built on. */
export interface Core {
  settings: Settings;
  log: Logger;
  db: Db;
  bus: Bus;
  ami: Ami;
  ari: Ari;
  applier: ConfigApplier;
  audit: Audit;
  change: Change;
  reader: Reader;
  overrides: HotlineOverrides;
}
