import { createReadStream } from 'node:fs';
import { type RequestHandler, Router } from 'express';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import { RecordingSettingsUpdate } from './schema.js';
import type { RecordingsService } from './service.js';

/** Mounted at /api/v1/recordings. */
export function createRecordingsRouter(
  service: RecordingsService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();

  r.get('/usage', requireRole('admin', 'supervisor'), (_req, res) => {
    res.json(service.usage());
  });

  r.get('/settings', requireRole('admin', 'supervisor'), (_req, res) => {
    res.json(service.settings());
  });

  r.patch('/settings', requireRole('admin'), (req, res) => {
    res.json(service.updateSettings(RecordingSettingsUpdate.parse(req.body), actorOf(req)));
  });

  /** The recording of call :callId (its id in /api/v1/calls), as audio/wav. */
  r.get('/:callId', requireRole('admin', 'supervisor', 'agent'), (req, res, next) => {
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
  });

  return r;
}
