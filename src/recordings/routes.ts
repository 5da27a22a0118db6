import { createReadStream } from 'node:fs';
import type { RequestHandler } from 'express';
import type { Role } from '../http/principal.js';
import { idParam } from '../http/request.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { RecordingSettingsUpdate } from './schema.js';
import type { RecordingsService } from './service.js';

/** Mounted at /api/v1/recordings. */
export function createRecordingsRouter(
  service: RecordingsService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  return apiRouter(requireRole)
    .route('get', '/usage', { summary: 'Recording disk usage', access: ['admin', 'supervisor'] }, () =>
      service.usage(),
    )
    .route('get', '/settings', { summary: 'Recording settings', access: ['admin', 'supervisor'] }, () =>
      service.settings(),
    )
    .route(
      'patch',
      '/settings',
      { summary: 'Change the recording settings', access: ['admin'], body: RecordingSettingsUpdate },
      ({ body, actor }) => service.updateSettings(body, actor()),
    )
    .raw(
      'get',
      '/:callId',
      {
        summary: 'Download the recording of a call',
        description: '`callId` is the call’s id in /api/v1/calls. Agents get only their own calls.',
        access: ['admin', 'supervisor', 'agent'],
        produces: 'audio/wav',
      },
      (req, res, next) => {
        const callId = idParam(req.params.callId);
        const { file, size } = service.fileFor(req.principal!, callId);
        res.set({
          'Content-Type': 'audio/wav',
          'Content-Length': String(size),
          'Content-Disposition': `attachment; filename="call-${callId}.wav"`,
          'Cache-Control': 'private, no-store',
        });
        const stream = createReadStream(file);
        stream.on('error', next);
        stream.pipe(res);
      },
    );
}
