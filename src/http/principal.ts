export type Role = 'admin' | 'supervisor' | 'agent';

/** Who is making a request: a logged-in user or the owner of an API token. */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  via: 'session' | 'token' | 'wallboard';
  /** The session's stored id hash, when via is 'session' (a password change keeps that session). */
  sessionHash?: string;
  /** A session whose user still has a password someone else chose: it may only set its own. */
  mustChangePassword?: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
