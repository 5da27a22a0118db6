import express, { type RequestHandler, Router } from 'express';
import { validation } from '../errors.js';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';
import type { AudioType } from './audio.js';
import { MAX_UPLOAD_BYTES, PromptListQuery, PromptTts, PromptUpdate, PromptUploadQuery } from './schema.js';
import type { PromptService } from './service.js';

/** Audio bodies: raw bytes with their type (no multipart parser in the box). */
const AUDIO_TYPES: Record<string, AudioType> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/vnd.wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
};

const rawAudio = express.raw({
  type: (req) => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() in AUDIO_TYPES,
  limit: MAX_UPLOAD_BYTES,
});

/**
 * POST / takes either a raw audio body (`Content-Type: audio/wav|audio/mpeg`,
 * `?name=&language=`) or JSON `{ name, text, language }` to synthesize.
 */
export function promptRoutes(
  service: PromptService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();

  r.get('/', requireRole('admin', 'supervisor'), (req, res) => {
    const q = PromptListQuery.parse(req.query);
    res.json(service.list(q.limit, q.offset));
  });

  r.post('/', requireRole('admin'), rawAudio, async (req, res) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const audio = AUDIO_TYPES[type];
    if (audio) {
      const meta = PromptUploadQuery.parse(req.query);
      const prompt = await service.upload(req.body as Buffer, audio, meta, actorOf(req));
      res.status(201).json(service.view(prompt));
      return;
    }
    if (!req.is('application/json'))
      throw validation('content-type', 'send audio/wav, audio/mpeg or JSON { name, text, language }');
    if (Object.keys(req.query).length)
      throw validation(Object.keys(req.query)[0]!, 'query parameters are for audio uploads');
    const { prompt, cached } = await service.synthesize(PromptTts.parse(req.body ?? {}), actorOf(req));
    res.status(201).json({ ...service.view(prompt), cached });
  });

  r.get('/:id', requireRole('admin', 'supervisor'), (req, res) => {
    res.json(service.view(service.get(idParam(req.params.id))));
  });

  r.get('/:id/audio', requireRole('admin', 'supervisor'), async (req, res) => {
    const id = idParam(req.params.id);
    const buf = await service.audio(id);
    res.set('Content-Type', 'audio/wav');
    res.set('Content-Disposition', `attachment; filename="prompt-${id}.wav"`);
    res.send(buf);
  });

  r.patch('/:id', requireRole('admin'), (req, res) => {
    const id = idParam(req.params.id);
    const patch = PromptUpdate.parse(req.body ?? {});
    const prompt = patch.name === undefined ? service.get(id) : service.rename(id, patch.name, actorOf(req));
    res.json(service.view(prompt));
  });

  r.delete('/:id', requireRole('admin'), (req, res) => {
    service.remove(idParam(req.params.id), actorOf(req));
    res.status(204).end();
  });

  return r;
}
