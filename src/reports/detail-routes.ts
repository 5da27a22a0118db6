import type { Request } from 'express';
import { z } from 'zod';
import { localStamp } from '../calls/export.js';
import type { Reader } from '../db/reader.js';
import {
  type Cell,
  type ExportColumn,
  type ExportFormat,
  exportFormat,
  MEDIA_TYPE,
  sendExport,
} from '../kit/export.js';
import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { type AgentPerformance, agentPerformance } from './agent-performance.js';
import { callers, type TopCaller } from './callers.js';
import type { DetailFilter } from './detail-filter.js';
import { type IvrNodeFunnel, ivrFunnel } from './ivr-funnel.js';
import { type LinesReport, lines } from './lines.js';
import { checkPeriod, type PeriodName, reportPeriodShape, resolvePeriod } from './period.js';

const trunkShape = { trunk: z.coerce.number().int().min(1).max(9_999_999_999).optional() };
const topShape = { top: z.coerce.number().int().min(1).max(500).default(20) };

// Each report's query, and its export's: the same with `format`.
const PeriodQueries = {
  view: z.strictObject(reportPeriodShape).superRefine(checkPeriod),
  export: z.strictObject({ ...reportPeriodShape, format: exportFormat }).superRefine(checkPeriod),
};
const LinesQueries = {
  view: z.strictObject({ ...reportPeriodShape, ...trunkShape }).superRefine(checkPeriod),
  export: z
    .strictObject({ ...reportPeriodShape, ...trunkShape, format: exportFormat })
    .superRefine(checkPeriod),
};
const CallersQueries = {
  view: z.strictObject({ ...reportPeriodShape, ...topShape }).superRefine(checkPeriod),
  export: z
    .strictObject({ ...reportPeriodShape, ...topShape, format: exportFormat })
    .superRefine(checkPeriod),
};

type Lang = 'zh' | 'en';
const langOf = (req: Request): Lang => (req.acceptsLanguages('zh', 'en') === 'en' ? 'en' : 'zh');
type Col<T> = [zh: string, en: string, value: (row: T) => Cell];
const columns = <T>(lang: Lang, cols: Col<T>[]): ExportColumn<T>[] =>
  cols.map(([zh, en, value]) => ({ header: lang === 'en' ? en : zh, value }));
const listed = (pairs: [string, number][]) => pairs.map(([k, v]) => `${k}: ${v}`).join('; ');
async function* once<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}

const AGENT_COLUMNS: Col<AgentPerformance>[] = [
  ['坐席', 'Agent', (r) => r.agent],
  ['姓名', 'Name', (r) => r.name],
  ['接听', 'Answered', (r) => r.answered],
  ['通话（秒）', 'Talk (s)', (r) => r.talkSec],
  ['保持（秒）', 'Hold (s)', (r) => r.holdSec],
  ['话后处理（秒）', 'Wrap-up (s)', (r) => r.wrapUpSec],
  ['登录（秒）', 'Logged in (s)', (r) => r.loggedInSec],
  ['暂停（秒）', 'Paused (s)', (r) => r.pausedSec],
  ['占用率 %', 'Occupancy %', (r) => r.occupancyPct],
  ['未接振铃', 'Missed offers', (r) => r.missedOffers],
  ['暂停原因（秒）', 'Pause reasons (s)', (r) => listed(r.pauses.map((p) => [p.reason, p.seconds]))],
  ['处理结果', 'Dispositions', (r) => listed(r.dispositions.map((d) => [d.disposition, d.count]))],
];

/** The agent performance export's columns (also mailed by report schedules). */
export const agentColumns = (lang: Lang) => columns(lang, AGENT_COLUMNS);

const IVR_COLUMNS: Col<IvrNodeFunnel>[] = [
  ['节点', 'Node', (r) => r.node],
  ['进入', 'Entered', (r) => r.entered],
  ['按键', 'Keys', (r) => listed(Object.entries(r.keys))],
  ['超时', 'Timed out', (r) => r.timedOut],
  ['无效按键', 'Invalid', (r) => r.invalid],
  ['挂机', 'Hung up', (r) => r.hungUp],
  ['进入队列', 'Reached a queue', (r) => r.reachedQueue],
];

interface LineHourRow {
  kind: 'trunk' | 'did' | 'e1';
  line: string;
  hour: string;
  calls: number;
  peak: number;
}
const LINE_COLUMNS: Col<LineHourRow>[] = [
  ['类型', 'Kind', (r) => r.kind],
  ['线路', 'Line', (r) => r.line],
  ['小时', 'Hour', (r) => localStamp(Date.parse(r.hour) / 1000)],
  ['呼叫', 'Calls', (r) => r.calls],
  ['峰值并发', 'Peak channels', (r) => r.peak],
];
const lineHours = (r: LinesReport): LineHourRow[] => [
  ...r.trunks.flatMap((t) =>
    t.hours.map((h) => ({ kind: 'trunk' as const, line: t.name ?? `#${t.trunkId}`, ...h })),
  ),
  ...r.dids.flatMap((d) => d.hours.map((h) => ({ kind: 'did' as const, line: d.did, ...h }))),
  ...r.e1Spans.flatMap((s) => s.hours.map((h) => ({ kind: 'e1' as const, line: `span ${s.span}`, ...h }))),
];

const CALLER_COLUMNS: Col<TopCaller>[] = [
  ['号码', 'Number', (r) => r.number],
  ['客户', 'Customer', (r) => r.customer],
  ['来电', 'Calls', (r) => r.calls],
  ['接通', 'Answered', (r) => r.answered],
  ['最近来电', 'Last call', (r) => localStamp(Date.parse(r.lastCall) / 1000)],
];

export interface DetailReportDeps {
  reader: Reader;
  requireRole: RequireRole;
  /** Epoch ms (tests fix it). */
  now?: () => number;
}

type PeriodFilter = { period: PeriodName; from?: number; to?: number } & Omit<DetailFilter, 'from' | 'to'>;

const EXPORT_NOTE =
  'CSV (UTF-8 with a BOM, formula-like cells escaped) or XLSX (`format`); headers in Chinese, or English ' +
  'when the request prefers it (Accept-Language).';

/**
 * GET /agents, /ivr-funnel, /lines, /callers (mounted under /api/v1/reports),
 * each with an `/export` sibling. Admins and supervisors only.
 */
/** One report: its JSON answer at `/<path>` and its file at `/<path>/export`. */
interface ReportSpec<Q extends { format: ExportFormat }, R, T> {
  path: string;
  summary: string;
  exportSummary: string;
  view: z.ZodType<Omit<Q, 'format'>>;
  export: z.ZodType<Q>;
  run: (q: Omit<Q, 'format'>) => Promise<R>;
  rows: (report: R) => T[];
  columns: Col<T>[];
  sheet: [zh: string, en: string];
}

function declare<Q extends { format: ExportFormat }, R, T>(api: ApiRouter, spec: ReportSpec<Q, R, T>) {
  api.route(
    'get',
    `/${spec.path}`,
    { summary: spec.summary, access: READERS, query: spec.view },
    ({ query }) => spec.run(query),
  );
  api.route(
    'get',
    `/${spec.path}/export`,
    {
      summary: spec.exportSummary,
      description: EXPORT_NOTE,
      access: READERS,
      query: spec.export,
      produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
    },
    async ({ req, res, query: { format, ...q } }) => {
      const lang = langOf(req);
      await sendExport(res, spec.path, {
        format,
        columns: columns(lang, spec.columns),
        pages: once(spec.rows(await spec.run(q as Omit<Q, 'format'>))),
        sheetName: lang === 'en' ? spec.sheet[1] : spec.sheet[0],
      });
    },
  );
}

/**
 * GET /agents, /ivr-funnel, /lines, /callers (mounted under /api/v1/reports),
 * each with an `/export` sibling. Admins and supervisors only.
 */
export function detailReportRoutes(deps: DetailReportDeps): ApiRouter {
  const { reader } = deps;
  const now = deps.now ?? Date.now;
  const filter = (q: PeriodFilter) => ({
    ...resolvePeriod(q, new Date(now())),
    queue: q.queue,
    agent: q.agent,
    did: q.did,
  });
  const api = apiRouter(deps.requireRole);
  declare(api, {
    path: 'agents',
    summary:
      'Agent performance: answered, talk, hold, wrap-up, logged-in and pause time, occupancy, missed offers',
    exportSummary: 'Export agent performance',
    ...PeriodQueries,
    run: (q) => agentPerformance(reader, filter(q), now()),
    rows: (r) => r.agents,
    columns: AGENT_COLUMNS,
    sheet: ['坐席绩效', 'Agents'],
  });
  declare(api, {
    path: 'ivr-funnel',
    summary: 'IVR funnel: per node, calls that entered, chose each key, timed out, hung up, reached a queue',
    exportSummary: 'Export the IVR funnel',
    ...PeriodQueries,
    run: (q) => ivrFunnel(reader, filter(q)),
    rows: (r) => r.nodes,
    columns: IVR_COLUMNS,
    sheet: ['IVR 漏斗', 'IVR funnel'],
  });
  declare(api, {
    path: 'lines',
    summary: 'Lines: calls and peak concurrent channels per hour per trunk, DID and E1 span',
    exportSummary: 'Export the lines report, one row per line and hour',
    ...LinesQueries,
    run: (q) => lines(reader, { ...filter(q), trunk: q.trunk }, now() / 1000),
    rows: lineHours,
    columns: LINE_COLUMNS,
    sheet: ['线路', 'Lines'],
  });
  declare(api, {
    path: 'callers',
    summary: 'Callers: repeat callers within 24 h and 7 days, and the top callers',
    exportSummary: 'Export the top callers',
    ...CallersQueries,
    run: (q) => callers(reader, filter(q), q.top),
    rows: (r) => r.top,
    columns: CALLER_COLUMNS,
    sheet: ['来电客户', 'Callers'],
  });
  return api;
}
