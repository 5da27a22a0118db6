import type { CallResult, CampaignSettings, RetryOn } from './schema.js';

/** What one attempt gathered from its UserEvents. */
export interface AttemptFacts {
  mode: 'preview' | 'progressive' | 'predictive' | 'agentless';
  /** The customer leg's DIALSTATUS (or FULL), from step `end`. */
  dialStatus: string;
  answered: boolean;
  amd: string | null;
  /** An agent's seat answered the hand-over. */
  agentAnswered: boolean;
  abandoned: boolean;
  key: string | null;
}

/**
 * An attempt's result (pure). A machine stays a machine whatever follows; a
 * key decides over how the call ended; a person no agent took is abandoned.
 */
export function resultOf(f: AttemptFacts, s: Pick<CampaignSettings, 'optOutKey' | 'confirmKey'>): CallResult {
  if (!f.answered && f.dialStatus !== 'ANSWER') {
    if (f.dialStatus === 'BUSY') return 'busy';
    if (f.dialStatus === 'NOANSWER' || f.dialStatus === 'CANCEL') return 'no-answer';
    return 'failed';
  }
  if (f.amd === 'MACHINE') return 'machine';
  if (f.key && f.key === s.optOutKey) return 'opted-out';
  if (f.abandoned && !f.agentAnswered) return 'abandoned';
  if (f.mode === 'agentless' && f.key && f.key === s.confirmKey) return 'confirmed';
  return 'human';
}

const RETRIED: Partial<Record<CallResult, RetryOn>> = {
  busy: 'busy',
  'no-answer': 'noAnswer',
  failed: 'failed',
  machine: 'machine',
};

/**
 * Whether the contact is tried again and when: `count` attempts of the lead
 * ended with this result (this one included).
 */
export function retryOf(
  result: CallResult,
  count: number,
  s: Pick<CampaignSettings, 'retry'>,
  now: number,
): { status: 'pending' | 'done'; nextAt: number } {
  const on = RETRIED[result];
  if (!on) return { status: 'done', nextAt: 0 };
  const policy = s.retry[on];
  return count < policy.max
    ? { status: 'pending', nextAt: now + policy.delayMinutes * 60_000 }
    : { status: 'done', nextAt: 0 };
}
