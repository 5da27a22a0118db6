import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { exportFormat, MEDIA_TYPE, sendExport } from '../kit/export.js';
import { type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import { AttemptsQuery, CampaignCreate, CampaignListQuery, CampaignUpdate, PreviewResult } from './schema.js';
import type { DialerService } from './service.js';

const ExportQuery = z.strictObject({ format: exportFormat });

/**
 * /api/v1/campaigns: admins and supervisors run campaigns and read their
 * results; an agent of a preview campaign takes its next contact and gives
 * the result.
 */
export function dialerRoutes(
  service: DialerService,
  requireRole: RequireRole,
  seatOfUser: (userId: number) => string | null,
): ApiRouter {
  const seatOf = (req: Request): string => {
    const seat = seatOfUser(req.principal!.userId);
    if (!seat) throw new AppError('conflict', 'your user has no seat');
    return seat;
  };
  const api = apiRouter(requireRole);
  for (const [action, summary] of [
    ['start', 'Start (or resume) a campaign: the list’s new contacts join it, calls begin'],
    ['pause', 'Pause a campaign: no new calls; calls up go on'],
    ['stop', 'Stop a campaign: no new calls; it can be started again'],
  ] as const) {
    api.route('post', `/:id/${action}`, { summary, access: READERS }, ({ id, actor }) =>
      service[action](id(), actor()),
    );
  }
  return api
    .route(
      'get',
      '/:id/results',
      {
        summary:
          'A campaign’s results: attempts, connects, human / machine, abandons and their rate, opt-outs',
        description:
          '`abandonRate` is abandons / calls a person answered (the 3 % cap); `contacts` counts contacts by result; `live` is the pacing now.',
        access: READERS,
      },
      ({ id }) => service.results(id()),
    )
    .route(
      'get',
      '/:id/attempts',
      { summary: 'A campaign’s call attempts (paged)', access: READERS, query: AttemptsQuery },
      ({ id, query }) => service.attempts(id(), query),
    )
    .route(
      'get',
      '/:id/export',
      {
        summary: 'Export a campaign’s attempts and results as CSV or XLSX',
        access: READERS,
        query: ExportQuery,
        produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
      },
      async ({ id, res, query }) => {
        const { campaign, columns, pages } = service.exportOf(id());
        await sendExport(res, `campaign-${campaign.id}`, {
          format: query.format,
          columns,
          pages,
          sheetName: 'Attempts',
        });
      },
    )
    .route(
      // POST: it takes a contact for the seat (a GET a browser prefetched would take one too)
      'post',
      '/:id/preview',
      {
        summary: 'Preview: the contact your seat holds, else the next one to call (taken for you)',
        access: STAFF,
      },
      ({ req, id }) => service.previewNext(id(), seatOf(req)),
    )
    .route(
      'post',
      '/:id/preview/result',
      {
        summary: 'Preview: the result of the contact your seat holds (retried as the campaign says)',
        access: STAFF,
        body: PreviewResult,
      },
      ({ req, id, body }) => service.previewResult(id(), seatOf(req), body.result),
    )
    .crud({
      noun: 'a campaign',
      service,
      read: READERS,
      write: READERS,
      schemas: { list: CampaignListQuery, create: CampaignCreate, update: CampaignUpdate },
    });
}
