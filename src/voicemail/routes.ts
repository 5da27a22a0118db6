import type { Request } from 'express';
import { z } from 'zod';
import { type ApiRouter, apiRouter, type RequireRole, STAFF } from '../kit/router.js';
import { MessageId, PinUpdate, VoicemailEmailPut, VoicemailExtension, VoicemailListQuery } from './schema.js';
import type { VoicemailService } from './service.js';

/**
 * Every signed-in person may call these; the service decides per mailbox
 * (admins: all; others: the seat linked to their user, else 403).
 */
export function voicemailRoutes(service: VoicemailService, requireRole: RequireRole): ApiRouter {
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
        access: STAFF,
        query: VoicemailListQuery,
      },
      ({ req, query }) => service.list(req.principal!, query.extension),
    )
    .route(
      'get',
      '/:extension/pin',
      { summary: 'A mailbox’s PIN', description: perMailbox, access: STAFF },
      ({ req }) => service.pin(req.principal!, ext(req)),
    )
    .route(
      'put',
      '/:extension/pin',
      { summary: 'Set a mailbox’s PIN', description: perMailbox, access: STAFF, body: PinUpdate },
      async ({ req, body, actor }) => {
        const extension = ext(req);
        return service.setPin(actor(), extension, body.pin);
      },
    )
    .route(
      'get',
      '/:extension/email',
      { summary: 'A mailbox’s voicemail-to-e-mail setting', description: perMailbox, access: STAFF },
      ({ req }) => service.emailSetting(req.principal!, ext(req)),
    )
    .route(
      'put',
      '/:extension/email',
      {
        summary: 'E-mail each new voicemail with its recording',
        description: `${perMailbox} \`address\` null sends to the e-mail of the user linked to the seat.`,
        access: STAFF,
        body: VoicemailEmailPut,
      },
      ({ req, body, actor }) => service.setEmailSetting(actor(), ext(req), body),
    )
    .download(
      '/:extension/:msgId/audio',
      {
        summary: 'Download a voicemail message',
        description: perMailbox,
        access: STAFF,
        produces: 'audio/wav',
      },
      async ({ req }) => {
        const extension = ext(req);
        const id = msg(req);
        const body = await service.audio(req.principal!, extension, id);
        return { filename: `voicemail-${extension}-${id}.wav`, body };
      },
    )
    .route(
      'delete',
      '/:extension/:msgId',
      { summary: 'Delete a voicemail message', description: perMailbox, access: STAFF, status: 204 },
      async ({ req, actor }) => {
        await service.remove(actor(), ext(req), msg(req));
      },
    );
}
