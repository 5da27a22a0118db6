/**
 * The box as hotlined builds it (test/support/box.ts) for the prompts,
 * announcements and voicemail API tests: a real SQLite file, a temp "Asterisk
 * root" and an AMI that is never connected (files are written, reloads
 * deferred); the AMI actions asked for are recorded.
 */
import type { Ami } from '../../src/asterisk/ami.js';
import type { AudioTools } from '../../src/prompts/audio.js';
import { hostPath } from '../../src/settings.js';
import { startTestBox, unreachableAmi } from './box.js';
import { type HttpOptions, type HttpReply, request } from './http.js';

export type Reply = HttpReply;

export async function startPromptsApp(
  t: { teardown(fn: () => unknown): void },
  opts: { tools?: AudioTools } = {},
) {
  const amiActions: string[] = [];
  const down = unreachableAmi();
  const ami = {
    ...down,
    action: (name: string, ...rest: unknown[]) => {
      amiActions.push(name);
      return (down.action as (...a: unknown[]) => Promise<unknown>)(name, ...rest);
    },
  } as Ami;
  const box = await startTestBox({
    overrides: { ami, audioTools: opts.tools },
    settings: (s) => {
      s.asterisk.spoolDir = '/var/spool/asterisk';
      s.asterisk.promptDir = '/var/lib/asterisk/sounds/hotline';
    },
  });
  t.teardown(box.close);
  const { url, dir, settings, admin, hotline } = box;

  const call = (method: string, p: string, o: HttpOptions = {}): Promise<Reply> => request(url, method, p, o);
  const login = async (username: string, password: string) => {
    const r = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
    return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const adminCookie = await login(admin.username, admin.password);
  /** A user of `role` (optionally linked to a seat) and its session cookie. */
  const userCookie = async (username: string, role: 'supervisor' | 'agent', seatExtension?: string) => {
    const password = 'correct horse battery';
    const r = await call('POST', '/api/v1/users', {
      cookie: adminCookie,
      body: { username, role, password },
    });
    if (r.status !== 201) throw new Error(`create ${username}: ${r.status} ${r.body}`);
    if (seatExtension) {
      const p = await call('PATCH', `/api/v1/users/${r.json.user.id}`, {
        cookie: adminCookie,
        body: { seatExtension },
      });
      if (p.status !== 200) throw new Error(`link ${username}: ${p.status} ${p.body}`);
    }
    return login(username, password);
  };
  const generated = box.file;

  return {
    url,
    dir,
    settings,
    db: hotline.db,
    call,
    adminCookie,
    userCookie,
    generated,
    amiActions,
    /** Host path of an Asterisk-side path. */
    host: (p: string) => hostPath(settings, p),
  };
}
