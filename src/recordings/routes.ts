import { createReadStream } from 'node:fs';
import { idParam } from '../http/request.js';
import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import { RecordingSettingsUpdate } from './schema.js';
import type { RecordingsService } from './service.js';

/** Mounted at /api/v1/recordings. */
export function createRecordingsRouter(service: RecordingsService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route('get', '/usage', { summary: 'Recording disk usage', access: READERS }, () => service.usage())
    .route('get', '/settings', { summary: 'Recording settings', access: READERS }, () => service.settings())
    .route(
      'patch',
      '/settings',
      { summary: 'Change the recording settings', access: ADMINS, body: RecordingSettingsUpdate },
      ({ body, actor }) => service.updateSettings(body, actor()),
    )
    .raw(
      'get',
      '/:callId',
      {
        summary: 'Download the recording of a call',
        description: '`callId` is the call’s id in /api/v1/calls. Agents get only their own calls.',
        access: STAFF,
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
