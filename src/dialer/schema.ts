import { z } from 'zod';
import { recordId } from '../kit/ids.js';
import { listQuery } from '../kit/list.js';
import { displayName } from '../kit/text.js';
import { DIAL_MODES, type DialMode } from './pacing.js';

export const CAMPAIGN_STATES = ['stopped', 'running', 'paused', 'done'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** A contact's result: the last attempt's, once no retry is due. */
export const RESULTS = [
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
] as const;
export type CallResult = (typeof RESULTS)[number];

/** The results that may be tried again, each with its own delay and maximum. */
export const RETRY_ON = ['busy', 'noAnswer', 'failed', 'machine'] as const;
export type RetryOn = (typeof RETRY_ON)[number];

const int = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`)
    .max(max, `${field} must be at most ${max}`);

const key = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .regex(/^[0-9*#]$/, `${field} must be one key: 0-9, * or #`)
    .nullable();

const seat = z
  .string({ error: 'agents must be seat extensions' })
  .regex(/^[0-9]{2,8}$/, 'agents must be seat extensions (2 to 8 digits)');

/**
 * Asterisk's AMD() parameters (app_amd, ms; amd.conf's defaults). Each is a
 * bounded whole number, so it reaches the dialplan as digits only.
 */
export const AmdSettings = z.strictObject({
  enabled: z.boolean({ error: 'amd.enabled must be true or false' }).default(true),
  initialSilence: int('amd.initialSilence', 500, 10_000).default(2500),
  greeting: int('amd.greeting', 500, 10_000).default(1500),
  afterGreetingSilence: int('amd.afterGreetingSilence', 100, 5_000).default(800),
  totalAnalysisTime: int('amd.totalAnalysisTime', 1_000, 10_000).default(5000),
  minimumWordLength: int('amd.minimumWordLength', 10, 1_000).default(100),
  betweenWordsSilence: int('amd.betweenWordsSilence', 10, 1_000).default(50),
  maximumNumberOfWords: int('amd.maximumNumberOfWords', 1, 10).default(2),
  silenceThreshold: int('amd.silenceThreshold', 1, 32_767).default(256),
  maximumWordLength: int('amd.maximumWordLength', 100, 10_000).default(5000),
});
export type AmdSettings = z.output<typeof AmdSettings>;

const retry = (r: RetryOn, max: number, delay: number) =>
  z
    .strictObject({
      /** Attempts ending so, the first included, before the contact is done. */
      max: int(`retry.${r}.max`, 1, 10).default(max),
      delayMinutes: int(`retry.${r}.delayMinutes`, 1, 7 * 24 * 60).default(delay),
    })
    .prefault({});

export const CampaignSettings = z.strictObject({
  /** Calls of this campaign up at once (the trunks' own limits apply as well). */
  maxChannels: int('settings.maxChannels', 1, 500).default(10),
  /** Predictive: the dial level's ceiling. */
  maxLevel: z
    .number({ error: 'settings.maxLevel must be a number' })
    .min(1, 'settings.maxLevel must be at least 1')
    .max(5, 'settings.maxLevel must be at most 5')
    .default(3),
  /** Abandoned share of live answers per day not to pass (3 % at most). */
  abandonTarget: z
    .number({ error: 'settings.abandonTarget must be a number' })
    .min(0.001, 'settings.abandonTarget must be at least 0.001')
    .max(0.03, 'settings.abandonTarget must be at most 0.03')
    .default(0.03),
  /** How long a call rings before it counts as no answer (FTC: at least 15 s). */
  ringSeconds: int('settings.ringSeconds', 15, 60).default(30),
  amd: AmdSettings.prefault({}),
  onMachine: z
    .enum(['hangup', 'message'], { error: 'settings.onMachine must be hangup or message' })
    .default('hangup'),
  /** Played to a machine after its beep (onMachine message) and to a person (agentless). */
  messagePromptId: recordId('settings.messagePromptId').nullable().default(null),
  /** Names the company: a person no agent can take hears it within 2 s. */
  abandonPromptId: recordId('settings.abandonPromptId').nullable().default(null),
  confirmKey: key('settings.confirmKey').default('1'),
  optOutKey: key('settings.optOutKey').default('9'),
  retry: z
    .strictObject({
      busy: retry('busy', 3, 10),
      noAnswer: retry('noAnswer', 3, 60),
      failed: retry('failed', 2, 30),
      machine: retry('machine', 2, 240),
    })
    .prefault({}),
});
export type CampaignSettings = z.output<typeof CampaignSettings>;

const fields = {
  name: displayName(),
  listId: recordId('listId'),
  mode: z.enum(DIAL_MODES, { error: `mode must be one of ${DIAL_MODES.join(', ')}` }),
  agents: z
    .array(seat, { error: 'agents must be a list of seat extensions' })
    .max(200, 'agents must list at most 200 seats')
    .refine((a) => new Set(a).size === a.length, 'agents must not repeat a seat')
    .default([]),
  settings: CampaignSettings.prefault({}),
};

export const CampaignCreate = z.strictObject(fields);
export type CampaignCreate = z.output<typeof CampaignCreate>;
export const CampaignUpdate = z.strictObject({
  name: fields.name.optional(),
  agents: fields.agents.optional(),
  settings: CampaignSettings.optional(),
});
export type CampaignUpdate = z.output<typeof CampaignUpdate>;
export const CampaignListQuery = listQuery(['name', 'createdAt']);
export type CampaignListQuery = z.output<typeof CampaignListQuery>;
export const AttemptsQuery = listQuery(['startedAt']);
export type AttemptsQuery = z.output<typeof AttemptsQuery>;
/** A campaign's contacts, by result (`pending`: none yet). */
export const LeadsQuery = listQuery(['updatedAt', 'attempts'], {
  result: z
    .enum([...RESULTS, 'pending'], { error: `result must be pending or one of ${RESULTS.join(', ')}` })
    .optional(),
});
export type LeadsQuery = z.output<typeof LeadsQuery>;

/** Preview: the result the agent gives after dialling the contact from the desk. */
export const PreviewResult = z.strictObject({
  result: z.enum(RESULTS, { error: `result must be one of ${RESULTS.join(', ')}` }),
});

export interface Campaign {
  id: number;
  name: string;
  listId: number;
  mode: DialMode;
  state: CampaignState;
  agents: string[];
  settings: CampaignSettings;
  createdAt: number;
  updatedAt: number;
}

export interface Lead {
  id: number;
  campaignId: number;
  contactId: number;
  number: string;
  status: 'pending' | 'dialing' | 'done';
  result: CallResult | null;
  attempts: number;
  nextAt: number;
  seat: string | null;
  updatedAt: number;
}

export interface Attempt {
  id: number;
  campaignId: number;
  leadId: number;
  number: string;
  trunkId: number | null;
  seat: string | null;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  dialStatus: string | null;
  amd: string | null;
  amdCause: string | null;
  key: string | null;
  result: CallResult | null;
}
