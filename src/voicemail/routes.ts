import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../http/principal.js';
import { type ApiRouter, apiRouter } from '../kit/router.js';
import { MessageId, PinUpdate, VoicemailExtension, VoicemailListQuery } from './schema.js';
import type { VoicemailService } from './service.js';

/**
 * Every signed-in person may call these; the service decides per mailbox
 * (admins: all; others: the seat linked to their user, else 403).
 */
export function voicemailRoutes(
  service: VoicemailService,
  requireRole: (...roles: Role[]) => RequestHandler,
): ApiRouter {
  const people = ['admin', 'supervisor', 'agent'] as const;
  const perMailbox = 'Admins reach every mailbox; others only the mailbox of their own seat.';
  const ext = (req: Request) => z.object({ extension: VoicemailExtension }).parse(req.params).extension;
  const msg = (req: Request) => z.object({ msgId: MessageId }).parse(req.params).msgId;

  return apiRouter(requireRole)
    .route(
      'get',
      '/',
      {
        summary: 'List voicemail messages',
        description: perMailbox,
        access: people,
        query: VoicemailListQuery,
      },
      ({ req, query }) => service.list(req.principal!, query.extension),
    )
    .route(
      'get',
      '/:extension/pin',
      { summary: 'A mailbox’s PIN', description: perMailbox, access: people },
      ({ req }) => service.pin(req.principal!, ext(req)),
    )
    .route(
      'put',
      '/:extension/pin',
      { summary: 'Set a mailbox’s PIN', description: perMailbox, access: people, body: PinUpdate },
      async ({ req, body, actor }) => {
        const extension = ext(req);
        return service.setPin(actor(), extension, body.pin);
      },
    )
    .raw(
      'get',
      '/:extension/:msgId/audio',
      {
        summary: 'Download a voicemail message',
        description: perMailbox,
        access: people,
        produces: 'audio/wav',
      },
      async (req, res) => {
        const extension = ext(req);
        const id = msg(req);
        const buf = await service.audio(req.principal!, extension, id);
        res.set('Content-Type', 'audio/wav');
        res.set('Content-Disposition', `attachment; filename="voicemail-${extension}-${id}.wav"`);
        res.send(buf);
      },
    )
    .route(
      'delete',
      '/:extension/:msgId',
      { summary: 'Delete a voicemail message', description: perMailbox, access: people, status: 204 },
      async ({ req, actor }) => {
        await service.remove(actor(), ext(req), msg(req));
      },
    );
}
