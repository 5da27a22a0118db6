import type { Request } from 'express';
import { AppError } from '../errors.js';
import { MEDIA_TYPE, sendExport } from '../kit/export.js';
import { type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import { callExportColumns } from './export.js';
import { CallExportQuery, CallListQuery, QueueFiguresQuery } from './schema.js';
import type { CallsService } from './service.js';

/**
 * Mounted at /api/v1/calls. Supervisors and admins see every call; an agent
 * sees only the calls their own seat took (the agent filter is forced).
 */
export function createCallsRouter(
  service: CallsService,
  requireRole: RequireRole,
  seatOfUser: (userId: number) => string | null,
  queues: () => { id: number; name: string }[],
): ApiRouter {
  /** An agent's filter is forced to their own seat; asking for another seat's calls is refused. */
  const ownCallsOnly = (req: Request, q: { agent?: string }) => {
    const p = req.principal!;
    if (p.role !== 'agent') return;
    const seat = seatOfUser(p.userId);
    if (!seat) throw new AppError('forbidden', 'your user has no seat');
    if (q.agent !== undefined && q.agent !== seat) {
      throw new AppError('forbidden', 'agents see only their own calls', { field: 'agent' });
    }
    q.agent = seat;
  };
  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      {
        summary: 'List calls',
        description: 'Agents see only the calls their own seat took.',
        access: STAFF,
        query: CallListQuery,
      },
      ({ req, query: q }) => {
        ownCallsOnly(req, q);
        return service.list(q);
      },
    )
    .route(
      'get',
      '/export',
      {
        summary: 'Export the calls a filter finds, as CSV or XLSX',
        description:
          "The list's filters without paging; streamed. CSV is UTF-8 with a BOM; a cell starting with = + - @ " +
          'is prefixed with an apostrophe. XLSX starts a new sheet every 1,048,575 rows. Headers in Chinese, ' +
          'or English when the request prefers it (Accept-Language). Agents export only their own calls.',
        access: STAFF,
        query: CallExportQuery,
        produces: `${MEDIA_TYPE.csv}, ${MEDIA_TYPE.xlsx}`,
      },
      async ({ req, res, query: { format, ...q } }) => {
        ownCallsOnly(req, q);
        const names = new Map(queues().map((x) => [x.id, x.name]));
        const lang = req.acceptsLanguages('zh', 'en') === 'en' ? 'en' : 'zh';
        await sendExport(res, 'calls', {
          format,
          columns: callExportColumns(lang, (id) => names.get(id) ?? `#${id}`),
          pages: service.exportPages(q),
          sheetName: lang === 'en' ? 'Calls' : '通话记录',
        });
      },
    )
    .route(
      'get',
      '/figures',
      {
        summary: 'Per-queue service level, abandon rate, ASA and AHT of a period',
        access: READERS,
        query: QueueFiguresQuery,
      },
      ({ query }) => service.queueFigures(query),
    );
}
