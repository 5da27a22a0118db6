import { type Request, type RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../http/principal.js';
import { actorOf } from '../http/request.js';
import { MessageId, PinUpdate, VoicemailExtension, VoicemailListQuery } from './schema.js';
import type { VoicemailService } from './service.js';

/**
 * Every signed-in person may call these; the service decides per mailbox
 * (admins: all; others: the seat linked to their user, else 403).
 */
export function voicemailRoutes(
  service: VoicemailService,
  requireRole: (...roles: Role[]) => RequestHandler,
): Router {
  const r = Router();
  const people = requireRole('admin', 'supervisor', 'agent');
  const ext = (req: Request) => z.object({ extension: VoicemailExtension }).parse(req.params).extension;
  const msg = (req: Request) => z.object({ msgId: MessageId }).parse(req.params).msgId;

  r.get('/', people, (req, res) => {
    const q = VoicemailListQuery.parse(req.query);
    res.json(service.list(req.principal!, q.extension));
  });

  r.get('/:extension/pin', people, (req, res) => {
    res.json(service.pin(req.principal!, ext(req)));
  });

  r.put('/:extension/pin', people, async (req, res) => {
    const extension = ext(req);
    const { pin } = PinUpdate.parse(req.body ?? {});
    res.json(await service.setPin(actorOf(req), extension, pin));
  });

  r.get('/:extension/:msgId/audio', people, async (req, res) => {
    const extension = ext(req);
    const id = msg(req);
    const buf = await service.audio(req.principal!, extension, id);
    res.set('Content-Type', 'audio/wav');
    res.set('Content-Disposition', `attachment; filename="voicemail-${extension}-${id}.wav"`);
    res.send(buf);
  });

  r.delete('/:extension/:msgId', people, async (req, res) => {
    await service.remove(actorOf(req), ext(req), msg(req));
    res.status(204).end();
  });

  return r;
}
