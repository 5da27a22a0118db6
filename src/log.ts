import { type Logger, pino } from 'pino';

export type { Logger };

/** Field names whose values never reach a log line, at any depth we use. */
const REDACT = [
  'secret',
  'password',
  'token',
  '*.secret',
  '*.password',
  '*.token',
  '*.*.secret',
  '*.*.password',
  'req.headers.cookie',
  'req.headers.authorization',
];

export function createLogger(level = process.env.HOTLINE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { svc: 'hotlined' }, redact: { paths: REDACT, censor: '[redacted]' } });
}
