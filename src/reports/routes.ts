import type { Request } from 'express';
import { type ExportColumn, type ExportFormat, MEDIA_TYPE, sendExport } from '../kit/export.js';
import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import {
  distributionColumns,
  heatmapColumns,
  heatmapRows,
  queueSummaryColumns,
  queueSummaryRows,
} from './export.js';
import {
  DistributionExportQuery,
  DistributionQuery,
  HeatmapExportQuery,
  HeatmapQuery,
  QueueSummaryExportQuery,
  QueueSummaryQuery,
} from './schema.js';
import type { ReportsService } from './service.js';

const lang = (req: Request) => (req.acceptsLanguages('zh', 'en') === 'en' ? 'en' : 'zh');
const EXPORT_DOC =
  'The same report as a file: CSV (UTF-8 with a BOM, formulas made inert) or XLSX; headers in Chinese, ' +
  'or English when the request prefers it (Accept-Language).';

async function sendRows<T>(
  req: Request,
  res: Parameters<typeof sendExport>[0],
  name: string,
  format: ExportFormat,
  columns: ExportColumn<T>[],
  rows: T[],
  sheet: [string, string],
) {
  async function* one() {
    yield rows;
  }
  await sendExport(res, name, {
    format,
    columns,
    pages: one(),
    sheetName: lang(req) === 'en' ? sheet[1] : sheet[0],
  });
}

/** Mounted at /api/v1/reports: supervisors and admins. */
export function createReportsRouter(service: ReportsService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/queues',
      {
        summary: 'Queue summary of a period: offered, answered, service level, abandons, ASA, AHT, …',
        description: 'From the 15-minute rollups; every figure as docs/metrics.md defines it.',
        access: READERS,
        query: QueueSummaryQuery,
      },
      ({ query }) => service.queueSummary(query),
    )
    .route(
      'get',
      '/queues/export',
      {
        summary: 'Export the queue summary',
        description: EXPORT_DOC,
        access: READERS,
        query: QueueSummaryExportQuery,
        produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
      },
      async ({ req, res, query: { format, ...q } }) => {
        const r = await service.queueSummary(q);
        await sendRows(
          req,
          res,
          'queue-summary',
          format,
          queueSummaryColumns(lang(req)),
          queueSummaryRows(r, lang(req)),
          ['队列汇总', 'Queue summary'],
        );
      },
    )
    .route(
      'get',
      '/distribution',
      {
        summary: 'Queue figures per 15 min / 30 min / hour / day / week / month of a period',
        description: 'Intervals in the box-local time; empty intervals are listed with zeros.',
        access: READERS,
        query: DistributionQuery,
      },
      ({ query }) => service.distribution(query),
    )
    .route(
      'get',
      '/distribution/export',
      {
        summary: 'Export the distribution',
        description: EXPORT_DOC,
        access: READERS,
        query: DistributionExportQuery,
        produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
      },
      async ({ req, res, query: { format, ...q } }) => {
        const r = await service.distribution(q);
        await sendRows(req, res, 'distribution', format, distributionColumns(lang(req)), r.points, [
          '时段分布',
          'Distribution',
        ]);
      },
    )
    .route(
      'get',
      '/heatmap',
      {
        summary: 'Offered calls per weekday × hour of a period (the busiest hours)',
        access: READERS,
        query: HeatmapQuery,
      },
      ({ query }) => service.heatmap(query),
    )
    .route(
      'get',
      '/heatmap/export',
      {
        summary: 'Export the heat map',
        description: EXPORT_DOC,
        access: READERS,
        query: HeatmapExportQuery,
        produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
      },
      async ({ req, res, query: { format, ...q } }) => {
        const r = await service.heatmap(q);
        await sendRows(req, res, 'heatmap', format, heatmapColumns(lang(req)), heatmapRows(r, lang(req)), [
          '热力图',
          'Heat map',
        ]);
      },
    )
    .route(
      'post',
      '/rebuild',
      {
        summary: 'Rebuild every rollup from the calls table',
        description:
          'After a definition or a queue threshold changed. Runs a day at a time; answers when done.',
        access: ADMINS,
      },
      () => service.rollups.rebuild(),
    );
}
