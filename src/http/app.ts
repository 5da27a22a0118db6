import { existsSync } from 'node:fs';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../log.js';
import { errorHandler, notFoundHandler } from './errors.js';

export interface HttpMounts {
  /** Routes anyone may call (login, health). */
  public: [path: string, router: Router][];
  /** Routes behind `authenticate`. */
  private: [path: string, router: Router][];
  authenticate: RequestHandler;
  /** Built web UI, served at / when present. */
  staticDir?: string;
}

export function createHttpApp(log: Logger, mounts: HttpMounts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Stores keep epoch milliseconds; the API speaks ISO 8601 for every record's timestamps.
  app.set('json replacer', (key: string, value: unknown) =>
    (key === 'createdAt' || key === 'updatedAt') && typeof value === 'number'
      ? new Date(value).toISOString()
      : value,
  );
  app.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    next();
  });
  app.use('/api', express.json({ limit: '256kb', strict: true }));
  for (const [path, router] of mounts.public) app.use(`/api/v1${path}`, router);
  app.use('/api/v1', mounts.authenticate);
  for (const [path, router] of mounts.private) app.use(`/api/v1${path}`, router);
  app.use('/api', notFoundHandler);
  if (mounts.staticDir && existsSync(mounts.staticDir)) {
    app.use(express.static(mounts.staticDir, { index: 'index.html', maxAge: 0 }));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
