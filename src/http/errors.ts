import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import {
  DISK_FULL_MESSAGE,
  type Language,
  localiseMessage,
  requestLanguage,
  zodIssueMessage,
} from './error-messages.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

/** Error bodies differ by Accept-Language: say so to caches, and say which language this one is. */
function languageHeaders(res: Response, lang: Language): void {
  res.vary('Accept-Language');
  res.setHeader('Content-Language', lang);
}

/** Maps every failure to the API's error shape, its message in the request's language; a stack trace never leaves the box. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const lang = requestLanguage(req);
    languageHeaders(res, lang);
    const body = toBody(err, lang);
    if (body) {
      res.status(body.status).json(body.json);
      return;
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error in request');
    res.status(500).json({
      error: { code: 'internal', message: localiseMessage('internal error', lang) },
    } satisfies ErrorBody);
  };
}

function toBody(err: unknown, lang: Language): { status: number; json: ErrorBody } | null {
  if (err instanceof AppError) {
    const message = localiseMessage(err.message, lang, err.code);
    return {
      status: err.httpStatus,
      json: { error: { code: err.code, message, field: err.field, details: err.details } },
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
          message: issue ? `${field ? `${field}: ` : ''}${zodIssueMessage(issue, lang)}` : 'invalid input',
          field,
        },
      },
    };
  }
  // SQLite or the file system out of space: not a bug, and the user can act on it
  const code = (err as { code?: unknown })?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return {
      status: 507,
      json: { error: { code: 'disk_full', message: localiseMessage(DISK_FULL_MESSAGE, lang) } },
    };
  }
  // body-parser failures (malformed JSON, body too large) carry a status and type.
  const e = err as { status?: number; type?: string; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const message = localiseMessage(
      e.type === 'entity.too.large' ? 'request body too large' : 'malformed request body',
      lang,
    );
    return { status: e.status, json: { error: { code: 'validation', message, field: 'body' } } };
  }
  return null;
}

export const notFoundHandler: RequestHandler = (req, res) => {
  const lang = requestLanguage(req);
  languageHeaders(res, lang);
  res.status(404).json({
    error: { code: 'not_found', message: localiseMessage('no such endpoint', lang) },
  } satisfies ErrorBody);
};
