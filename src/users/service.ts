import { createHash, randomBytes } from 'node:crypto';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Principal, Role } from '../http/principal.js';
import type { Change } from '../kit/change.js';
import { type Page as ListPage, mapPage } from '../kit/list.js';
import type { ResourceService } from '../kit/resource.js';
import type { Logger } from '../log.js';
import { hashPassword, hashPasswordSync, randomPassword, verifyPassword } from './password.js';
import './events.js';
import type {
  ChangePasswordInput,
  CreateTokenInput,
  CreateUserInput,
  Page,
  TokenScope,
  UpdateUserInput,
} from './schema.js';
import type { TokenRow, UserRow, UsersStore } from './store.js';
import { LoginSlowdown, LoginThrottle } from './throttle.js';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  seatExtension: string | null;
  /** Where voicemail to e-mail sends this user's messages, or null. */
  email: string | null;
  /** The queues this user supervises (an admin sets them; they matter for supervisors). */
  supervisedQueueIds: number[];
  /** The password is one someone else chose: the console asks for a new one first. */
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TokenView {
  id: number;
  name: string;
  userId: number;
  username: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

/** Who asks and from where, for the audit log. */
export interface Ctx {
  principal: Principal | null;
  ip?: string;
}

export interface UsersTuning {
  sessionTtlMs: number;
  maxLoginFailures: number;
  loginWindowMs: number;
  now: () => number;
}

export const DEFAULT_TUNING: UsersTuning = {
  sessionTtlMs: 12 * 60 * 60 * 1000,
  maxLoginFailures: 5,
  loginWindowMs: 15 * 60 * 1000,
  now: Date.now,
};

export interface UsersService extends ResourceService<UserView, CreateUserInput, UpdateUserInput, Ctx> {
  list(page: Page): ListPage<UserView>;
  /** Throws `rate_limited` (details.retryAfterSeconds) or `unauthorized`. */
  login(
    username: string,
    password: string,
    ip: string | undefined,
  ): Promise<{ user: UserView; sessionId: string }>;
  logout(sessionId: string, ip: string | undefined): void;
  principalFromSession(sessionId: string): Principal | null;
  principalFromToken(token: string): Principal | null;
  createToken(
    input: CreateTokenInput,
    ctx: Ctx & { principal: Principal },
  ): Promise<{ token: TokenView; secret: string }>;
  listTokens(principal: Principal): TokenView[];
  revokeToken(id: number, ctx: Ctx & { principal: Principal }): Promise<void>;
  /**
   * A logged-in user sets their own password (the current one checked): clears
   * mustChangePassword and ends their other sessions.
   */
  changeOwnPassword(input: ChangePasswordInput, ctx: Ctx & { principal: Principal }): Promise<UserView>;
  /** The generated first admin: its password must be changed at first login. */
  ensureFirstAdmin(): { username: string; password: string } | null;
  /** Drops expired sessions and stale throttle entries; returns the sessions removed. */
  purgeExpired(): number;
  /** The e-mail address of the mailbox's owner: the enabled user linked to the seat, or null. */
  emailOfSeat(extension: string): string | null;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const TOKEN = /^hl_[A-Za-z0-9_-]{43}$/;
/** last_used_at is a hint, not a log: write it at most once a minute per token. */
const TOUCH_EVERY_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

export function toUserView(r: UserRow): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled !== 0,
    seatExtension: r.seat_extension ?? null,
    email: r.email ?? null,
    supervisedQueueIds: (r.supervised_queues ?? '')
      .split(',')
      .filter(Boolean)
      .map(Number)
      .sort((a, b) => a - b),
    mustChangePassword: r.must_change_password !== 0,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export function toTokenView(r: TokenRow): TokenView {
  return {
    id: r.id,
    name: r.name,
    userId: r.user_id,
    username: r.username,
    scope: r.scope,
    createdAt: iso(r.created_at),
    expiresAt: r.expires_at === null ? null : iso(r.expires_at),
    lastUsedAt: r.last_used_at === null ? null : iso(r.last_used_at),
    revoked: r.revoked !== 0,
  };
}

export function createUsersService(deps: {
  db: Db;
  store: UsersStore;
  /** Session audit rows (login, logout) and the first admin: not changes of a resource. */
  audit: Audit;
  change: Change;
  log: Logger;
  tuning: UsersTuning;
  /** Whether a queue exists (the queues domain, built after this one); no supervised queues without it. */
  queueExists?: (id: number) => boolean;
}): UsersService {
  const { db, store, audit, log, tuning } = deps;
  // Users and tokens do not feed Asterisk's generated config.
  const change: Change = (spec) => deps.change({ config: false, ...spec });
  const now = tuning.now;
  const window = { maxFailures: tuning.maxLoginFailures, windowMs: tuning.loginWindowMs, now };
  // Addresses are throttled; names are only slowed, so guessing cannot lock the admin out.
  const addresses = new LoginThrottle(window);
  const names = new LoginSlowdown(window);
  // Unknown usernames are verified against this so they cost the same time as known ones.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => {
    dummyHash ??= hashPassword(randomPassword());
    return dummyHash;
  };

  const mustGet = (id: number): UserRow => {
    const row = store.getUser(id);
    if (!row) throw notFound('user');
    return row;
  };

  /** Would this change leave the box without an enabled admin? */
  const guardLastAdmin = (before: UserRow, stillAdmin: boolean, what: string, field?: string) => {
    const isEnabledAdmin = before.role === 'admin' && before.disabled === 0;
    if (isEnabledAdmin && !stillAdmin && store.countEnabledAdmins() <= 1) {
      throw new AppError('conflict', `cannot ${what} the last enabled admin`, { field });
    }
  };

  const tokenView = (id: number): TokenView => {
    const row = store.getToken(id);
    if (!row) throw new Error('token vanished after insert');
    return toTokenView(row);
  };

  const service: UsersService = {
    list: (page) => mapPage(store.listUsers(page), toUserView),

    emailOfSeat: (extension) => store.emailOfSeat(extension),

    get(id) {
      return toUserView(mustGet(id));
    },

    async create(input, ctx) {
      const passwordHash = await hashPassword(input.password);
      const id = await change({
        actor: ctx,
        entity: 'user',
        action: 'create',
        mutate: () => {
          // checked in the transaction: another create may have taken the name while we hashed
          if (store.getUserByName(input.username)) {
            throw new AppError('conflict', 'username already exists', { field: 'username' });
          }
          return store.insertUser({ ...input, passwordHash, now: now() });
        },
        after: (newId) => toUserView(mustGet(newId)),
        event: 'user.changed',
      });
      return toUserView(mustGet(id));
    },

    async update(id, patch, ctx) {
      mustGet(id); // 404 before spending time on a hash
      const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
      // Re-read after hashing: the row may have changed meanwhile. Nothing awaits between this
      // read and the change's transaction (config: false commits synchronously), so it is current.
      const before = mustGet(id);
      const role = patch.role ?? before.role;
      const disabled = patch.disabled === undefined ? before.disabled : patch.disabled ? 1 : 0;
      const missing = patch.supervisedQueueIds?.find((q) => !deps.queueExists?.(q));
      if (missing !== undefined) throw validation('supervisedQueueIds', `queue ${missing} does not exist`);
      if (role !== 'admin') guardLastAdmin(before, false, 'demote', 'role');
      else if (disabled !== 0) guardLastAdmin(before, false, 'disable', 'disabled');
      await change({
        actor: ctx,
        entity: 'user',
        action: 'update',
        id,
        before: toUserView(before),
        mutate: () => {
          const t = now();
          store.updateUser({
            id,
            displayName: patch.displayName ?? before.display_name,
            role,
            disabled,
            seatExtension: patch.seatExtension === undefined ? before.seat_extension : patch.seatExtension,
            email: patch.email === undefined ? before.email : patch.email,
            mustChangePassword:
              patch.mustChangePassword === undefined
                ? before.must_change_password
                : patch.mustChangePassword
                  ? 1
                  : 0,
            now: t,
          });
          if (patch.supervisedQueueIds) store.setSupervisedQueues(id, patch.supervisedQueueIds);
          if (passwordHash !== undefined) {
            store.setPassword(id, passwordHash, t);
            // A new password revokes the user's tokens and ends their other sessions:
            // whoever held the old one keeps nothing. The session making the change stays.
            const own = ctx.principal?.userId === id ? ctx.principal.sessionHash : undefined;
            store.deleteUserSessions(id, own);
            store.revokeUserTokens(id);
          }
          // A disabled account ends every open session (its tokens stop working with it).
          if (disabled === 1 && before.disabled === 0) store.deleteUserSessions(id);
        },
        after: () => {
          const user = toUserView(mustGet(id));
          return passwordHash === undefined ? user : { ...user, passwordChanged: true };
        },
        event: 'user.changed',
      });
      return toUserView(mustGet(id));
    },

    async remove(id, ctx) {
      const before = mustGet(id);
      guardLastAdmin(before, false, 'delete');
      await change({
        actor: ctx,
        entity: 'user',
        action: 'delete',
        id,
        before: toUserView(before),
        // sessions and tokens go with it (ON DELETE CASCADE)
        mutate: () => {
          store.deleteUser(id);
        },
        event: 'user.changed',
      });
    },

    async login(rawUsername, password, ip) {
      const username = rawUsername.trim().toLowerCase().slice(0, 64);
      const nameKey = `u:${username}`;
      const ipKey = `ip:${ip ?? 'unknown'}`;
      // Checked before any hashing: a throttled guesser learns nothing about the password.
      // A name under attack slows only addresses that failed recently, never a clean one.
      const dirty = addresses.recent(ipKey) > 0;
      const waitMs = Math.max(addresses.wait(ipKey), dirty ? names.wait(nameKey) : 0);
      if (waitMs > 0) {
        const retryAfterSeconds = Math.ceil(waitMs / 1000);
        // a password pasted into the username box must not reach the log either
        const known = Boolean(store.getUserByName(username));
        log.warn({ username: known ? username : undefined, ip, retryAfterSeconds }, 'login throttled');
        throw new AppError('rate_limited', 'too many failed logins, try again later', {
          details: { retryAfterSeconds },
        });
      }
      addresses.hit(ipKey);
      names.hit(nameKey);
      const row = store.loginRow(username);
      const ok = await verifyPassword(password, row?.password_hash ?? (await dummy()));
      if (!row || !ok || row.disabled !== 0) {
        const reason = !row ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled';
        audit.record({
          principal: null,
          action: 'login_failed',
          entity: 'session',
          entityId: row?.id,
          // what was typed is kept only when it names a user: it may be a pasted password
          after: row ? { username, reason } : { reason },
          ip,
        });
        throw new AppError('unauthorized', 'wrong username or password');
      }
      names.reset(nameKey);
      addresses.forgive(ipKey);
      const sessionId = randomBytes(32).toString('base64url');
      const principal: Principal = { userId: row.id, username: row.username, role: row.role, via: 'session' };
      const t = now();
      db.transaction(() => {
        store.insertSession(sha256(sessionId), row.id, t, t + tuning.sessionTtlMs);
        audit.record({ principal, action: 'login', entity: 'session', entityId: row.id, ip });
      })();
      return { user: toUserView(mustGet(row.id)), sessionId };
    },

    logout(sessionId, ip) {
      const principal = service.principalFromSession(sessionId);
      if (!principal) return;
      db.transaction(() => {
        store.deleteSession(sha256(sessionId));
        audit.record({ principal, action: 'logout', entity: 'session', entityId: principal.userId, ip });
      })();
    },

    principalFromSession(sessionId) {
      if (!SESSION_ID.test(sessionId)) return null;
      const sessionHash = sha256(sessionId);
      const row = store.sessionAuth(sessionHash, now());
      if (!row) return null;
      const principal: Principal = {
        userId: row.user_id,
        username: row.username,
        role: row.role,
        via: 'session',
        sessionHash,
      };
      if (row.must_change_password !== 0) principal.mustChangePassword = true;
      return principal;
    },

    principalFromToken(token) {
      if (!TOKEN.test(token)) return null;
      const t = now();
      const row = store.tokenAuth(sha256(token), t);
      if (!row) return null;
      if (row.last_used_at === null || t - row.last_used_at >= TOUCH_EVERY_MS) store.touchToken(row.id, t);
      const via = row.scope === 'wallboard' ? 'wallboard' : 'token';
      return { userId: row.user_id, username: row.username, role: row.role, via };
    },

    async createToken(input, ctx) {
      const p = ctx.principal;
      // A leaked token must not be able to outlive its revocation by minting others.
      if (p.via !== 'session') throw new AppError('forbidden', 'tokens are created from a signed-in session');
      if (input.scope === 'wallboard' && p.role === 'agent') {
        throw new AppError('forbidden', 'only admins and supervisors create wallboard tokens', {
          field: 'scope',
        });
      }
      const secret = `hl_${randomBytes(32).toString('base64url')}`;
      const t = now();
      const expiresAt = input.expiresInDays === undefined ? null : t + input.expiresInDays * DAY_MS;
      let token: TokenView | undefined;
      const id = await change({
        actor: ctx,
        entity: 'api_token',
        action: 'create',
        mutate: () =>
          store.insertToken({
            name: input.name,
            userId: p.userId,
            tokenHash: sha256(secret),
            scope: input.scope,
            now: t,
            expiresAt,
          }),
        after: (newId) => {
          token = tokenView(newId);
          return token;
        },
        event: 'token.changed',
      });
      // read in the committing transaction: the user (and the token with it) may be deleted by now
      return { token: token ?? tokenView(id), secret };
    },

    listTokens(principal) {
      // Admins see every token so they can revoke a leaked one; others see their own.
      return store.listTokens(principal.role === 'admin' ? null : principal.userId).map(toTokenView);
    },

    async revokeToken(id, ctx) {
      const row = store.getToken(id);
      const p = ctx.principal;
      // Someone else's token is "not found" rather than "forbidden": ids are not secrets, but no need to confirm them.
      if (!row || (row.user_id !== p.userId && p.role !== 'admin')) throw notFound('token');
      if (row.revoked !== 0) return;
      await change({
        actor: ctx,
        entity: 'api_token',
        action: 'revoke',
        id,
        before: toTokenView(row),
        mutate: () => store.revokeToken(id),
        after: () => tokenView(id),
        event: 'token.changed',
      });
    },

    async changeOwnPassword(input, ctx) {
      const p = ctx.principal;
      if (p.via !== 'session') {
        throw new AppError('forbidden', 'a password is changed in a logged-in session, not with a token', {
          field: 'currentPassword',
        });
      }
      const current = store.passwordHashOf(p.userId);
      if (current === undefined) throw notFound('user');
      if (!(await verifyPassword(input.currentPassword, current))) {
        audit.record({
          principal: p,
          action: 'password_change_failed',
          entity: 'user',
          entityId: p.userId,
          ip: ctx.ip,
        });
        throw validation('currentPassword', 'the current password is not right');
      }
      if (input.newPassword === input.currentPassword) {
        throw validation('newPassword', 'the new password must differ from the current one');
      }
      const passwordHash = await hashPassword(input.newPassword);
      const before = mustGet(p.userId);
      await change({
        actor: ctx,
        entity: 'user',
        action: 'update',
        id: p.userId,
        before: toUserView(before),
        mutate: () => {
          const t = now();
          store.setPassword(p.userId, passwordHash, t);
          store.updateUser({
            id: p.userId,
            displayName: before.display_name,
            role: before.role,
            disabled: before.disabled,
            seatExtension: before.seat_extension,
            email: before.email,
            mustChangePassword: 0,
            now: t,
          });
          // other sessions end (whoever else was logged in with the old password); this one
          // stays, and so do the user's own API tokens (integrations they created)
          store.deleteUserSessions(p.userId, p.sessionHash);
        },
        after: () => ({ ...toUserView(mustGet(p.userId)), passwordChanged: true }),
        event: 'user.changed',
      });
      return toUserView(mustGet(p.userId));
    },

    ensureFirstAdmin() {
      if (store.countUsers() > 0) return null;
      const password = randomPassword();
      const passwordHash = hashPasswordSync(password);
      return db.transaction(() => {
        if (store.countUsers() > 0) return null;
        const id = store.insertUser({
          username: 'admin',
          displayName: 'Administrator',
          role: 'admin',
          passwordHash,
          mustChangePassword: true,
          now: now(),
        });
        audit.record({
          principal: null,
          action: 'create',
          entity: 'user',
          entityId: id,
          after: toUserView(mustGet(id)),
        });
        log.warn({ username: 'admin' }, 'no users existed: created the first admin account');
        return { username: 'admin', password };
      })();
    },

    purgeExpired() {
      addresses.prune();
      names.prune();
      return store.purgeSessions(now());
    },
  };
  return service;
}
