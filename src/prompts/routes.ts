import express from 'express';
import { validation } from '../errors.js';
import { actorOf } from '../http/request.js';
import { ADMINS, type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
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
export function promptRoutes(service: PromptService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .raw(
      'post',
      '/',
      {
        summary: 'Add a prompt: upload audio, or have text spoken',
        description: 'Audio: raw body with ?name=&language=. Speech: JSON { name, text, language }.',
        access: ADMINS,
        query: PromptUploadQuery,
        body: {
          mediaTypes: [...Object.keys(AUDIO_TYPES), 'application/json'],
          description: 'WAV or MP3 audio (at most 20 MB), or JSON { name, text, language }',
        },
        status: 201,
      },
      // the body parser for audio runs only here, after the access check
      express.Router().use(rawAudio, async (req, res) => {
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
      }),
    )
    .download(
      '/:id/audio',
      { summary: "A prompt's audio (8 kHz mono WAV)", access: READERS, produces: 'audio/wav' },
      async ({ id }) => ({ filename: `prompt-${id()}.wav`, body: await service.audio(id()) }),
    )
    .route(
      'patch',
      '/:id',
      { summary: 'Rename a prompt', access: ADMINS, body: PromptUpdate },
      async ({ id, body, actor }) => {
        const prompt =
          body.name === undefined ? service.get(id()) : await service.rename(id(), body.name, actor());
        return service.view(prompt);
      },
    )
    .crud({
      noun: 'a prompt',
      service,
      view: service.view,
      // a prompt is added by upload or speech (above) and only renamed
      except: ['create', 'update'],
      schemas: { list: PromptListQuery },
      summaries: { remove: 'Delete a prompt nothing plays' },
    });
}
