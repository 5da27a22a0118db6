import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../log.js';
import { installZodMessages } from './error-messages.js';
import { errorHandler, notFoundHandler } from './errors.js';

/** A router under /api/v1, and the largest JSON body it takes (default 256kb). */
export type HttpMount = [path: string, router: Router, bodyLimit?: string];

export interface HttpMounts {
  /** Routes anyone may call (login, health). */
  public: HttpMount[];
  /** Routes behind `authenticate`. */
  private: HttpMount[];
  authenticate: RequestHandler;
  /** Built web UI, served at / when present. */
  staticDir?: string;
  /** The HTTPS port the browser phones' websocket is on, once listening. */
  sipWebsocketPort?: () => number | null;
}

/**
 * Scripts come from the box alone, never inline or eval'd, so an injected
 * string cannot run. antd writes its styles at run time (CSS-in-JS <style>
 * elements and style attributes), hence 'unsafe-inline' for styles only.
 * Knowledge-base articles may show images from other sites (their sanitiser
 * allows http and https images). The browser phone's websocket is the box's
 * HTTPS port (`/ws`): 'self' on a page served there, and named for a page
 * served over plain HTTP, so the phone can say the certificate is not
 * accepted yet instead of being silently blocked.
 */
export function contentSecurityPolicy(sipWebsocketPort?: number | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: http: https:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    `connect-src 'self'${sipWebsocketPort ? ` wss://*:${sipWebsocketPort}` : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function createHttpApp(log: Logger, mounts: HttpMounts): Express {
  installZodMessages();
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
      'Content-Security-Policy': contentSecurityPolicy(mounts.sipWebsocketPort?.()),
    });
    next();
  });
  // Each mount parses its own JSON, so a router's smaller limit is the one that applies
  // (one app-wide parser would read 256 KB before the router is reached); private
  // bodies are read only after authentication.
  const parsers = new Map<string, RequestHandler>();
  const json = (limit = '256kb') => {
    let parser = parsers.get(limit);
    if (!parser) {
      // the raw bytes stay on the request for routes that check a signature over them (/events)
      parser = express.json({
        limit,
        strict: true,
        verify: (req, _res, buf) => ((req as { rawBody?: Buffer }).rawBody = buf),
      });
      parsers.set(limit, parser);
    }
    return parser;
  };
  for (const [path, router, limit] of mounts.public) app.use(`/api/v1${path}`, json(limit), router);
  app.use('/api/v1', mounts.authenticate);
  for (const [path, router, limit] of mounts.private) app.use(`/api/v1${path}`, json(limit), router);
  app.use('/api', notFoundHandler);
  if (mounts.staticDir && existsSync(mounts.staticDir)) serveWebUi(app, mounts.staticDir);
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}

/** The SPA's client-side routes: every path below them is answered with index.html. */
const SPA_ROUTES = ['/console', '/wallboard'];

/**
 * The built web UI. Vite names files under assets/ by content hash, so they may
 * be cached for a year; index.html must be revalidated every time so a new
 * build is picked up at once (it is the only file that names the hashes).
 */
function serveWebUi(app: Express, dir: string): void {
  const index = join(dir, 'index.html');
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use('/assets', precompressed(join(dir, 'assets')));
  app.use(
    '/assets',
    express.static(join(dir, 'assets'), {
      index: false,
      // send() keeps an existing Cache-Control (ours is no-store), so it is set here.
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'),
    }),
  );
  const sendIndex: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index, (err) => err && next(err));
  };
  for (const route of SPA_ROUTES) {
    app.get(route, sendIndex);
    app.get(`${route}/*rest`, sendIndex);
  }
  // favicon and the like: short-lived, revalidated.
  app.use(
    express.static(dir, {
      index: false,
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
}

/** Asset names as the build writes them (flat, hashed): nothing else is looked up beside them. */
const ASSET_NAME = /^\/[A-Za-z0-9_.-]+$/;
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

/**
 * The build's pre-compressed copies (`<file>.br`, `<file>.gz`) for browsers
 * that accept them, with the original's type; everything else falls through
 * to the plain file. Only static assets: the live streams are never buffered
 * by a compressor.
 */
function precompressed(dir: string): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !ASSET_NAME.test(req.path)) return next();
    res.vary('Accept-Encoding');
    // ours is the order that counts (brotli is smaller); browsers list gzip first at equal weight
    const chosen = ENCODINGS.find(([e]) => req.acceptsEncodings(e) === e);
    const file = chosen && join(dir, `${req.path.slice(1)}${chosen[1]}`);
    if (!chosen || !file || !existsSync(file)) return next();
    res.type(extname(req.path));
    res.setHeader('Content-Encoding', chosen[0]);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(file, { cacheControl: false }, (err) => err && next(err));
  };
}
