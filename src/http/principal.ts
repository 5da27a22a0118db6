export type Role = 'admin' | 'supervisor' | 'agent';

/** Who is making a request: a logged-in user or the owner of an API token. */
export interface Principal {
  userId: number;
  username: string;
  role: Role;
  via: 'session' | 'token' | 'wallboard';
  /** The session's stored id hash, when via is 'session' (a password change keeps that session). */
  sessionHash?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
