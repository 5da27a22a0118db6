import { z } from 'zod';
import type { Role } from '../http/principal.js';
import { listQuery } from '../kit/list.js';
import { displayName, oneLine } from '../kit/text.js';
import { emailAddress } from '../mail/schema.js';

export const ROLES = ['admin', 'supervisor', 'agent'] as const satisfies readonly Role[];

/** Usernames may end up in file names, log lines and SIP headers: a strict ASCII pattern. */
export const Username = z
  .string({ error: 'username must be a string' })
  .regex(/^[a-z0-9_.-]{2,32}$/, 'username must be 2-32 characters of a-z, 0-9, "_", "." or "-"');

export const DisplayName = oneLine('displayName').max(64, 'displayName must be at most 64 characters');

export const RoleSchema = z.enum(ROLES, { error: 'role must be one of admin, supervisor, agent' });

export const Password = z
  .string({ error: 'password must be a string' })
  .min(10, 'password must be at least 10 characters')
  .max(128, 'password must be at most 128 characters');

export const CreateUserSchema = z.strictObject({
  username: Username,
  displayName: DisplayName.default(''),
  role: RoleSchema,
  password: Password,
  /** The password is a temporary one: its owner must set their own at first login. */
  mustChangePassword: z.boolean({ error: 'mustChangePassword must be true or false' }).optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.strictObject({
  displayName: DisplayName.optional(),
  role: RoleSchema.optional(),
  password: Password.optional(),
  mustChangePassword: z.boolean({ error: 'mustChangePassword must be true or false' }).optional(),
  disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
  /** Links the user to a seat (their voicemail); null unlinks. */
  seatExtension: z
    .string({ error: 'seatExtension must be a string or null' })
    .regex(/^[0-9]{2,8}$/, 'seatExtension must be 2 to 8 digits')
    .nullable()
    .optional(),
  /** Where the user's voicemail is e-mailed (when their mailbox asks for it); null clears it. */
  email: emailAddress('email').nullable().optional(),
  /** The queues the user supervises (replaces the list; [] clears it). */
  supervisedQueueIds: z
    .array(
      z
        .number({ error: 'supervisedQueueIds must hold queue ids' })
        .int('supervisedQueueIds must hold whole numbers')
        .positive('supervisedQueueIds must hold positive ids'),
      { error: 'supervisedQueueIds must be a list of queue ids' },
    )
    .max(200, 'supervisedQueueIds must hold at most 200 queues')
    .optional(),
});
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

/** A user's own new password; the current one proves it is them at the keyboard. */
export const ChangePasswordSchema = z.strictObject({
  currentPassword: z
    .string({ error: 'currentPassword must be a string' })
    .min(1, 'currentPassword is required')
    .max(1024, 'currentPassword must be at most 1024 characters'),
  newPassword: z
    .string({ error: 'newPassword must be a string' })
    .min(10, 'newPassword must be at least 10 characters')
    .max(128, 'newPassword must be at most 128 characters'),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

/**
 * Login input is checked loosely: a malformed username is just a failed login,
 * but the sizes are bounded so nobody makes us hash a megabyte.
 */
export const LoginSchema = z.object({
  username: z.string({ error: 'username must be a string' }).min(1, 'username is required').max(64),
  password: z.string({ error: 'password must be a string' }).min(1, 'password is required').max(1024),
});

export const TokenScope = z.enum(['api', 'wallboard'], { error: 'scope must be api or wallboard' });
export type TokenScope = z.infer<typeof TokenScope>;

export const CreateTokenSchema = z.strictObject({
  name: displayName(),
  expiresInDays: z
    .number({ error: 'expiresInDays must be a number' })
    .int('expiresInDays must be a whole number')
    .min(1)
    .max(3650)
    .optional(),
  scope: TokenScope.default('api'),
});
export type CreateTokenInput = z.infer<typeof CreateTokenSchema>;

export const IdParam = z.coerce
  .number({ error: 'id must be a number' })
  .int('id must be a whole number')
  .positive('id must be positive');

/** `q` matches the username or the display name. */
export const PageQuery = listQuery(['username', 'displayName', 'role', 'createdAt']);
/** What a list asks (callers in code may leave sorting out). */
export type Page = Omit<z.output<typeof PageQuery>, 'order'> & { order?: 'asc' | 'desc' };
