import { z } from 'zod';
import { exportFormat } from '../kit/export.js';
import type { QueueFigures } from '../metrics/queue-figures.js';
import { checkPeriod, reportPeriodShape } from './period.js';

export const INTERVALS = ['15m', '30m', 'hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];
/** A distribution of more points than this is refused: a chart cannot show them (pick a wider interval). */
export const MAX_POINTS = 6000;

export const QueueSummaryQuery = z.strictObject(reportPeriodShape).superRefine(checkPeriod);
export type QueueSummaryQuery = z.infer<typeof QueueSummaryQuery>;
export const QueueSummaryExportQuery = z
  .strictObject({ ...reportPeriodShape, format: exportFormat })
  .superRefine(checkPeriod);

const distribution = { ...reportPeriodShape, interval: z.enum(INTERVALS).default('hour') };
export const DistributionQuery = z.strictObject(distribution).superRefine(checkPeriod);
export type DistributionQuery = z.infer<typeof DistributionQuery>;
export const DistributionExportQuery = z
  .strictObject({ ...distribution, format: exportFormat })
  .superRefine(checkPeriod);

export const HeatmapQuery = QueueSummaryQuery;
export const HeatmapExportQuery = QueueSummaryExportQuery;

/** The report-only additions to a queue's figures (docs/metrics.md, "Reports"). */
export interface ReportFigures extends QueueFigures {
  /** Every call that entered in the period (queued or not; all directions); only in distributions. */
  calls: number;
  /** Of the exited: sent on to the queue's overflow destination (outcome overflow). */
  overflow: number;
  /** The longest wait of a queued call, seconds; 0 without one. */
  longestWaitSec: number;
  /** Total wrap-up: the queue's wrap-up seconds × answered (app_queue does not log wrap-up per call). */
  wrapUpSec: number;
  /** Total hold of the answered calls (calls.hold_seconds; part of their talk, so not added to AHT). */
  holdSec: number;
  /** Queued calls an agent transferred on (blind or attended), each call once. */
  transfers: number;
}

export interface QueueSummaryItem extends ReportFigures {
  /** Queue id (queues since deleted show as #id). */
  id: number;
  name: string;
  serviceLevelSec: number;
  /** The queue's configured wrap-up seconds after each call. */
  wrapUpPerCallSec: number;
}

export interface PeriodEcho {
  period: string;
  from: string;
  to: string;
}

export interface QueueSummary extends PeriodEcho {
  shortAbandonSec: number;
  queues: QueueSummaryItem[];
  total: ReportFigures;
}

export interface DistributionPoint extends ReportFigures {
  /** The interval's start (ISO 8601, UTC); intervals are box-local (hours, days, Monday weeks, months). */
  start: string;
}

export interface Distribution extends PeriodEcho {
  interval: Interval;
  points: DistributionPoint[];
}

export interface Heatmap extends PeriodEcho {
  /** cells[weekday][hour]: offered calls, weekday 0 = Monday, hours box-local. */
  cells: number[][];
  max: number;
}
