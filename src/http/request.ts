import type { Request } from 'express';
import { validation } from '../errors.js';
import type { Principal } from './principal.js';

/** Who made a change and from where, for the audit log. Only behind authenticate/requireRole. */
export function actorOf(req: Request): { principal: Principal; ip?: string } {
  return { principal: req.principal!, ip: req.ip };
}

/** A numeric `:id` path parameter; anything else is a 400 on `id`. */
export function idParam(raw: unknown): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw validation('id', 'id must be a positive integer');
  return id;
}
