import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

/** Maps every failure to the API's error shape; a stack trace never leaves the box. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const body = toBody(err);
    if (body) {
      res.status(body.status).json(body.json);
      return;
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error in request');
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } } satisfies ErrorBody);
  };
}

function toBody(err: unknown): { status: number; json: ErrorBody } | null {
  if (err instanceof AppError) {
    return {
      status: err.httpStatus,
      json: { error: { code: err.code, message: err.message, field: err.field, details: err.details } },
    };
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    // An unknown key has an empty path; the key itself is the field to name.
    const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const field = [...(issue?.path ?? []), ...(unknownKey ? [unknownKey] : [])].join('.') || undefined;
    return {
      status: 400,
      json: {
        error: {
          code: 'validation',
          message: field ? `${field}: ${issue?.message}` : String(issue?.message),
          field,
        },
      },
    };
  }
  // body-parser failures (malformed JSON, body too large) carry a status and type.
  const e = err as { status?: number; type?: string; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const message = e.type === 'entity.too.large' ? 'request body too large' : 'malformed request body';
    return { status: e.status, json: { error: { code: 'validation', message, field: 'body' } } };
  }
  return null;
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'no such endpoint' } } satisfies ErrorBody);
};
