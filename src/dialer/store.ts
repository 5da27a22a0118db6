import type { Db } from '../db/index.js';
import { defineRecords, defineTable } from '../kit/table.js';
import type { DialMode } from './pacing.js';
import type { Attempt, CallResult, Campaign, CampaignSettings, CampaignState, Lead } from './schema.js';

interface CampaignRow {
  id: number;
  name: string;
  list_id: number;
  mode: DialMode;
  state: CampaignState;
  agents: string;
  settings: string;
  created_at: number;
  updated_at: number;
}
interface LeadRow {
  id: number;
  campaign_id: number;
  contact_id: number;
  number: string;
  status: Lead['status'];
  result: CallResult | null;
  attempts: number;
  next_at: number;
  seat: string | null;
  updated_at: number;
}
interface AttemptRow {
  id: number;
  campaign_id: number;
  lead_id: number;
  number: string;
  trunk_id: number | null;
  seat: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  dial_status: string | null;
  amd: string | null;
  amd_cause: string | null;
  key: string | null;
  result: CallResult | null;
}

const toCampaign = (r: CampaignRow): Campaign => ({
  id: r.id,
  name: r.name,
  listId: r.list_id,
  mode: r.mode,
  state: r.state,
  agents: JSON.parse(r.agents) as string[],
  settings: JSON.parse(r.settings) as CampaignSettings,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toLead = (r: LeadRow): Lead => ({
  id: r.id,
  campaignId: r.campaign_id,
  contactId: r.contact_id,
  number: r.number,
  status: r.status,
  result: r.result,
  attempts: r.attempts,
  nextAt: r.next_at,
  seat: r.seat,
  updatedAt: r.updated_at,
});
const toAttempt = (r: AttemptRow): Attempt => ({
  id: r.id,
  campaignId: r.campaign_id,
  leadId: r.lead_id,
  number: r.number,
  trunkId: r.trunk_id,
  seat: r.seat,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  dialStatus: r.dial_status,
  amd: r.amd,
  amdCause: r.amd_cause,
  key: r.key,
  result: r.result,
});

const ATTEMPT_COLUMNS = [
  'id',
  'campaign_id',
  'lead_id',
  'number',
  'trunk_id',
  'seat',
  'started_at',
  'answered_at',
  'ended_at',
  'dial_status',
  'amd',
  'amd_cause',
  'key',
  'result',
] as const;

/** What an attempt learnt from Asterisk, merged into its row (null keeps the stored value). */
export interface AttemptUpdate {
  answeredAt?: number;
  endedAt?: number;
  dialStatus?: string;
  amd?: string;
  amdCause?: string;
  key?: string;
  seat?: string;
  result?: CallResult;
}

/** The figures of one campaign's results. */
export interface ResultCounts {
  attempts: number;
  connects: number;
  human: number;
  machine: number;
  abandons: number;
  optOuts: number;
  confirmed: number;
  transferred: number;
  busy: number;
  noAnswer: number;
  failed: number;
}

export type DialerStore = ReturnType<typeof createDialerStore>;

export function createDialerStore(db: Db) {
  const campaigns = defineRecords<
    CampaignRow,
    Campaign,
    'name' | 'createdAt',
    Omit<Campaign, 'id' | 'createdAt' | 'updatedAt'>
  >(db, {
    table: 'campaigns',
    fields: ['name', 'list_id', 'mode', 'state', 'agents', 'settings'],
    fixed: ['list_id', 'mode'],
    toModel: toCampaign,
    orderBy: 'name, id',
    search: ['name'],
    sort: { name: 'name', createdAt: 'created_at' },
    toParams: (c) => ({
      name: c.name,
      listId: c.listId,
      mode: c.mode,
      state: c.state,
      agents: JSON.stringify(c.agents),
      settings: JSON.stringify(c.settings),
    }),
  });
  const attempts = defineTable<AttemptRow, Attempt, 'startedAt'>(db, {
    table: 'campaign_attempts',
    columns: ATTEMPT_COLUMNS,
    toModel: toAttempt,
    orderBy: 'id',
    search: ['number'],
    sort: { startedAt: 'started_at' },
    filters: { campaignId: 'campaign_id = @campaignId' },
  });
  const leadCols = 'id, campaign_id, contact_id, number, status, result, attempts, next_at, seat, updated_at';

  const setState = db.prepare('UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ?');
  const addLead = db.prepare(
    `INSERT INTO campaign_leads (campaign_id, contact_id, number, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (campaign_id, contact_id) DO NOTHING`,
  );
  const dueLeads = db.prepare<[number, number, number], LeadRow>(
    `SELECT ${leadCols} FROM campaign_leads
     WHERE campaign_id = ? AND status = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?`,
  );
  const countDue = db.prepare<[number, number], { n: number }>(
    `SELECT count(*) AS n FROM campaign_leads WHERE campaign_id = ? AND status = 'pending' AND next_at <= ?`,
  );
  const getLead = db.prepare<[number], LeadRow>(`SELECT ${leadCols} FROM campaign_leads WHERE id = ?`);
  const leadOfSeat = db.prepare<[number, string], LeadRow>(
    `SELECT ${leadCols} FROM campaign_leads WHERE campaign_id = ? AND status = 'dialing' AND seat = ?`,
  );
  const leadByContact = db.prepare<[number, number], LeadRow>(
    `SELECT ${leadCols} FROM campaign_leads WHERE campaign_id = ? AND contact_id = ?`,
  );
  const openAttemptOf = db.prepare<[number], AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS.join(', ')} FROM campaign_attempts WHERE lead_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1`,
  );
  const markDialing = db.prepare(
    `UPDATE campaign_leads SET status = 'dialing', attempts = attempts + 1, seat = ?, updated_at = ?
     WHERE id = ? AND status = 'pending'`,
  );
  const settle = db.prepare(
    `UPDATE campaign_leads SET status = @status, result = @result, next_at = @nextAt, seat = NULL, updated_at = @now
     WHERE id = @id`,
  );
  const postpone = db.prepare(
    `UPDATE campaign_leads SET status = 'pending', next_at = ?, seat = NULL, updated_at = ? WHERE id = ?`,
  );
  const release = db.prepare(
    `UPDATE campaign_leads SET status = 'pending', seat = NULL, updated_at = ? WHERE campaign_id = ? AND status = 'dialing'`,
  );
  const openLeads = db
    .prepare<[number], number>(
      `SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = ? AND status != 'done'`,
    )
    .pluck();
  const insertAttempt = db.prepare(
    `INSERT INTO campaign_attempts (campaign_id, lead_id, number, trunk_id, seat, started_at)
     VALUES (@campaignId, @leadId, @number, @trunkId, @seat, @startedAt)`,
  );
  const updateAttempt = db.prepare(
    `UPDATE campaign_attempts SET answered_at = COALESCE(@answeredAt, answered_at),
       ended_at = COALESCE(@endedAt, ended_at), dial_status = COALESCE(@dialStatus, dial_status),
       amd = COALESCE(@amd, amd), amd_cause = COALESCE(@amdCause, amd_cause), key = COALESCE(@key, key),
       seat = COALESCE(@seat, seat), result = COALESCE(@result, result)
     WHERE id = @id`,
  );
  const getAttempt = db.prepare<[number], AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS.join(', ')} FROM campaign_attempts WHERE id = ?`,
  );
  const openAttempts = db.prepare<[], AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS.join(', ')} FROM campaign_attempts WHERE ended_at IS NULL`,
  );
  const resultCount = db
    .prepare<[number, string], number>(
      'SELECT COUNT(*) FROM campaign_attempts WHERE lead_id = ? AND result = ?',
    )
    .pluck();
  const abandonedSince = db
    .prepare<[string, number], number>(
      `SELECT COUNT(*) FROM campaign_attempts WHERE number = ? AND result = 'abandoned' AND started_at >= ?`,
    )
    .pluck();
  const dayFigures = db.prepare<[number, number], { live: number; abandons: number }>(
    `SELECT COALESCE(SUM(amd IS NOT NULL AND amd != 'MACHINE'), 0) AS live,
       COALESCE(SUM(result = 'abandoned'), 0) AS abandons
     FROM campaign_attempts WHERE campaign_id = ? AND started_at >= ?`,
  );
  const counts = db.prepare<[number], ResultCounts>(
    `SELECT COUNT(*) AS attempts,
       COALESCE(SUM(answered_at IS NOT NULL), 0) AS connects,
       COALESCE(SUM(result IN ('human','confirmed','transferred','opted-out','abandoned')), 0) AS human,
       COALESCE(SUM(result = 'machine'), 0) AS machine,
       COALESCE(SUM(result = 'abandoned'), 0) AS abandons,
       COALESCE(SUM(result = 'opted-out'), 0) AS optOuts,
       COALESCE(SUM(result = 'confirmed'), 0) AS confirmed,
       COALESCE(SUM(result = 'transferred'), 0) AS transferred,
       COALESCE(SUM(result = 'busy'), 0) AS busy,
       COALESCE(SUM(result = 'no-answer'), 0) AS noAnswer,
       COALESCE(SUM(result = 'failed'), 0) AS failed
     FROM campaign_attempts WHERE campaign_id = ?`,
  );
  const leadResults = db.prepare<[number], { result: string | null; n: number }>(
    'SELECT result, COUNT(*) AS n FROM campaign_leads WHERE campaign_id = ? GROUP BY result',
  );
  const attemptsAfter = db.prepare<[number, number, number], AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS.join(', ')} FROM campaign_attempts WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?`,
  );

  return {
    campaigns,
    attempts,
    setState: (id: number, state: CampaignState, now: number) => {
      setState.run(state, now, id);
    },
    addLeads: db.transaction(
      (campaignId: number, rows: { contactId: number; number: string }[], now: number) => {
        for (const r of rows) addLead.run(campaignId, r.contactId, r.number, now);
      },
    ),
    dueLeads: (campaignId: number, now: number, limit: number) =>
      dueLeads.all(campaignId, now, limit).map(toLead),
    countDue: (campaignId: number, now: number) => countDue.get(campaignId, now)!.n,
    lead: (id: number) => {
      const r = getLead.get(id);
      return r && toLead(r);
    },
    /** The lead a preview agent holds. */
    leadOfSeat: (campaignId: number, seat: string) => {
      const r = leadOfSeat.get(campaignId, seat);
      return r && toLead(r);
    },
    leadByContact: (campaignId: number, contactId: number) => {
      const r = leadByContact.get(campaignId, contactId);
      return r && toLead(r);
    },
    openAttemptOf: (leadId: number) => {
      const r = openAttemptOf.get(leadId);
      return r && toAttempt(r);
    },
    /** Takes a pending lead for a call; false when another took it first. */
    markDialing: (leadId: number, seat: string | null, now: number) =>
      markDialing.run(seat, now, leadId).changes === 1,
    settle: (
      leadId: number,
      s: { status: 'pending' | 'done'; result: CallResult; nextAt: number },
      now: number,
    ) => {
      settle.run({ id: leadId, ...s, now });
    },
    /** Not now (outside the calling window, within 72 h of an abandon): looked at again at `nextAt`. */
    postpone: (leadId: number, nextAt: number, now: number) => {
      postpone.run(nextAt, now, leadId);
    },
    /** After a restart or a stop: leads left dialing go back to pending. */
    releaseDialing: (campaignId: number, now: number) => {
      release.run(now, campaignId);
    },
    openLeads: (campaignId: number) => openLeads.get(campaignId) ?? 0,
    addAttempt: (a: {
      campaignId: number;
      leadId: number;
      number: string;
      trunkId: number | null;
      seat: string | null;
      startedAt: number;
    }) => Number(insertAttempt.run(a).lastInsertRowid),
    updateAttempt: (id: number, u: AttemptUpdate) => {
      updateAttempt.run({
        id,
        answeredAt: u.answeredAt ?? null,
        endedAt: u.endedAt ?? null,
        dialStatus: u.dialStatus ?? null,
        amd: u.amd ?? null,
        amdCause: u.amdCause ?? null,
        key: u.key ?? null,
        seat: u.seat ?? null,
        result: u.result ?? null,
      });
    },
    attempt: (id: number) => {
      const r = getAttempt.get(id);
      return r && toAttempt(r);
    },
    openAttempts: () => openAttempts.all().map(toAttempt),
    resultCount: (leadId: number, result: CallResult) => resultCount.get(leadId, result) ?? 0,
    abandonedSince: (number: string, since: number) => (abandonedSince.get(number, since) ?? 0) > 0,
    dayFigures: (campaignId: number, since: number) => dayFigures.get(campaignId, since)!,
    counts: (campaignId: number) => counts.get(campaignId)!,
    leadResults: (campaignId: number) => leadResults.all(campaignId),
    attemptsAfter: (campaignId: number, after: number, limit: number) =>
      attemptsAfter.all(campaignId, after, limit).map(toAttempt),
  };
}
