import type { CallResult } from '../../../src/dialer/schema';
import type { ResultCounts } from '../../../src/dialer/store';

/** A campaign as /api/v1/campaigns answers it (src/dialer/schema.ts). */
export interface Campaign {
  id: number;
  name: string;
  listId: number;
  mode: (typeof MODES)[number];
  state: 'stopped' | 'running' | 'paused' | 'done';
  agents: string[];
  settings: typeof DEFAULT_SETTINGS & {
    messagePromptId: number | null;
    abandonPromptId: number | null;
    confirmKey: string | null;
    optOutKey: string | null;
  };
  createdAt: string;
  updatedAt: string;
}

/** GET /campaigns/:id/results. */
export interface CampaignResultsData extends ResultCounts {
  abandonRate: number;
  /** Contacts by result; `pending` for none yet. */
  contacts: Record<string, number>;
}

export const MODES = ['preview', 'progressive', 'predictive', 'agentless'] as const;
export const RETRY_ON = ['busy', 'noAnswer', 'failed', 'machine'] as const;
/**
 * src/dialer/schema.ts RESULTS (the filter's and the plot's order), and
 * `pending` (no result yet); a copy, as that module's runtime pulls zod into the console.
 */
export const RESULTS = [
  'pending',
  'human',
  'machine',
  'no-answer',
  'busy',
  'failed',
  'confirmed',
  'transferred',
  'opted-out',
  'abandoned',
  'not-callable',
] as const satisfies readonly (CallResult | 'pending')[];

export const STATE_COLOR: Record<string, string> = {
  stopped: 'default',
  running: 'processing',
  paused: 'orange',
  done: 'green',
};

/** src/dialer/schema.ts CampaignSettings' defaults (abandonTarget in % here, the form's unit). */
export const DEFAULT_SETTINGS = {
  maxChannels: 10,
  maxLevel: 3,
  abandonTarget: 3,
  ringSeconds: 30,
  amd: { enabled: true, initialSilence: 2500, greeting: 1500, totalAnalysisTime: 5000 },
  onMachine: 'hangup',
  confirmKey: '1',
  optOutKey: '9',
  retry: {
    busy: { max: 3, delayMinutes: 10 },
    noAnswer: { max: 3, delayMinutes: 60 },
    failed: { max: 2, delayMinutes: 30 },
    machine: { max: 2, delayMinutes: 240 },
  },
};
