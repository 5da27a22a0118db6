import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import { defineTable } from '../kit/table.js';
import type { Page, TokenScope } from './schema.js';

/** A users row as the API may see it: no password_hash column is ever selected here. */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  /** The seat whose mailbox this user owns (voicemail), or null. */
  seat_extension: string | null;
  /** Where the user's voicemail may be e-mailed, or null. */
  email: string | null;
  /** The queues this user supervises, comma-separated ids (user_queues), or null. */
  supervised_queues: string | null;
  /** 1 while the password is one someone else chose (set at first login). */
  must_change_password: number;
  created_at: number;
  updated_at: number;
}

export interface LoginRow {
  id: number;
  username: string;
  role: Role;
  disabled: number;
  password_hash: string;
}

export interface AuthRow {
  user_id: number;
  username: string;
  role: Role;
}

export interface SessionAuthRow extends AuthRow {
  must_change_password: number;
}

export interface TokenAuthRow extends AuthRow {
  id: number;
  scope: TokenScope;
  last_used_at: number | null;
}

export interface TokenRow {
  id: number;
  name: string;
  user_id: number;
  username: string;
  scope: TokenScope;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked: number;
}

const TOKEN_COLS =
  't.id, t.name, t.user_id, u.username, t.scope, t.created_at, t.expires_at, t.last_used_at, t.revoked';

export type UsersStore = ReturnType<typeof createUsersStore>;

/** The only SQL for users, sessions and api_tokens. */
export function createUsersStore(db: Db) {
  // Rows, not views: the service decides what of a user the API shows.
  const users = defineTable<UserRow, UserRow, 'username' | 'displayName' | 'role' | 'createdAt'>(db, {
    table: 'users',
    columns: [
      'id',
      'username',
      'display_name',
      'role',
      'disabled',
      'seat_extension',
      'email',
      '(SELECT group_concat(uq.queue_id) FROM user_queues uq WHERE uq.user_id = users.id) AS supervised_queues',
      'must_change_password',
      'created_at',
      'updated_at',
    ],
    toModel: (r) => r,
    orderBy: 'id',
    search: ['username', 'display_name'],
    sort: { username: 'username', displayName: 'display_name', role: 'role', createdAt: 'created_at' },
  });
  const s = {
    countUsers: db.prepare('SELECT COUNT(*) FROM users').pluck(),
    countEnabledAdmins: db
      .prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0")
      .pluck(),
    loginRow: db.prepare('SELECT id, username, role, disabled, password_hash FROM users WHERE username = ?'),
    insertUser: db.prepare(
      `INSERT INTO users (username, display_name, role, password_hash, must_change_password, disabled, created_at, updated_at)
       VALUES (@username, @displayName, @role, @passwordHash, @mustChangePassword, 0, @now, @now)`,
    ),
    updateUser: db.prepare(
      'UPDATE users SET display_name = @displayName, role = @role, disabled = @disabled, seat_extension = @seatExtension, email = @email, must_change_password = @mustChangePassword, updated_at = @now WHERE id = @id',
    ),
    clearSupervised: db.prepare('DELETE FROM user_queues WHERE user_id = ?'),
    addSupervised: db.prepare('INSERT INTO user_queues (user_id, queue_id) VALUES (?, ?)'),
    setPassword: db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?'),
    passwordHashOf: db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck(),
    deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
    emailOfSeat: db
      .prepare(
        'SELECT email FROM users WHERE seat_extension = ? AND disabled = 0 AND email IS NOT NULL ORDER BY id LIMIT 1',
      )
      .pluck(),

    insertSession: db.prepare(
      'INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    sessionAuth: db.prepare(
      `SELECT s.user_id, u.username, u.role, u.must_change_password FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
    ),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    deleteUserSessions: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?'),
    revokeUserTokens: db.prepare('UPDATE api_tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0'),
    purgeSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),

    insertToken: db.prepare(
      `INSERT INTO api_tokens (name, user_id, token_hash, scope, created_at, expires_at, last_used_at, revoked)
       VALUES (@name, @userId, @tokenHash, @scope, @now, @expiresAt, NULL, 0)`,
    ),
    tokenAuth: db.prepare(
      `SELECT t.id, t.scope, t.last_used_at, t.user_id, u.username, u.role
       FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0`,
    ),
    touchToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    getToken: db.prepare(
      `SELECT ${TOKEN_COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`,
    ),
    listAllTokens: db.prepare(
      `SELECT ${TOKEN_COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id`,
    ),
    listUserTokens: db.prepare(
      `SELECT ${TOKEN_COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = ? ORDER BY t.id`,
    ),
    revokeToken: db.prepare('UPDATE api_tokens SET revoked = 1 WHERE id = ?'),
  };

  return {
    countUsers: () => s.countUsers.get() as number,
    countEnabledAdmins: () => s.countEnabledAdmins.get() as number,
    listUsers: (page: Page) => users.page({ ...page, order: page.order ?? 'asc' }),
    getUser: users.get,
    getUserByName: (username: string) => users.findBy('username', username),
    loginRow: (username: string) => s.loginRow.get(username) as LoginRow | undefined,
    insertUser: (u: {
      username: string;
      displayName: string;
      role: Role;
      passwordHash: string;
      mustChangePassword?: boolean;
      now: number;
    }) =>
      Number(s.insertUser.run({ ...u, mustChangePassword: u.mustChangePassword ? 1 : 0 }).lastInsertRowid),
    updateUser: (u: {
      id: number;
      displayName: string;
      role: Role;
      disabled: number;
      seatExtension: string | null;
      email: string | null;
      mustChangePassword: number;
      now: number;
    }) => {
      s.updateUser.run(u);
    },
    /** Replaces the queues a user supervises (ids checked by the caller). */
    setSupervisedQueues: (userId: number, queueIds: readonly number[]) => {
      s.clearSupervised.run(userId);
      for (const q of new Set(queueIds)) s.addSupervised.run(userId, q);
    },
    setPassword: (id: number, passwordHash: string, now: number) => {
      s.setPassword.run(passwordHash, now, id);
    },
    passwordHashOf: (id: number) => s.passwordHashOf.get(id) as string | undefined,
    deleteUser: (id: number) => s.deleteUser.run(id).changes > 0,
    /** The e-mail address of the enabled user linked to a seat (the mailbox's owner), or null. */
    emailOfSeat: (extension: string) => (s.emailOfSeat.get(extension) as string | undefined) ?? null,

    insertSession: (idHash: string, userId: number, now: number, expiresAt: number) => {
      s.insertSession.run(idHash, userId, now, expiresAt);
    },
    sessionAuth: (idHash: string, now: number) =>
      s.sessionAuth.get(idHash, now) as SessionAuthRow | undefined,
    deleteSession: (idHash: string) => {
      s.deleteSession.run(idHash);
    },
    /** Every session of the user but `keepIdHash` (the one asking, when it is theirs). */
    deleteUserSessions: (userId: number, keepIdHash?: string) => {
      s.deleteUserSessions.run(userId, keepIdHash ?? null);
    },
    revokeUserTokens: (userId: number) => {
      s.revokeUserTokens.run(userId);
    },
    purgeSessions: (now: number) => s.purgeSessions.run(now).changes,

    insertToken: (t: {
      name: string;
      userId: number;
      tokenHash: string;
      scope: TokenScope;
      now: number;
      expiresAt: number | null;
    }) => Number(s.insertToken.run(t).lastInsertRowid),
    tokenAuth: (tokenHash: string, now: number) =>
      s.tokenAuth.get(tokenHash, now) as TokenAuthRow | undefined,
    touchToken: (id: number, now: number) => {
      s.touchToken.run(now, id);
    },
    getToken: (id: number) => s.getToken.get(id) as TokenRow | undefined,
    listTokens: (userId: number | null) =>
      (userId === null ? s.listAllTokens.all() : s.listUserTokens.all(userId)) as TokenRow[],
    revokeToken: (id: number) => {
      s.revokeToken.run(id);
    },
  };
}
