import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { get, post, setUnauthorizedHandler } from '../api/client';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'agent';
  seatExtension?: string | null;
  /** The password is one someone else chose: nothing else works until the user sets their own. */
  mustChangePassword?: boolean;
}

interface Session {
  /** undefined while the first /auth/me is in flight, null when logged out. */
  user: User | null | undefined;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** The user set their own password (the server's answer). */
  passwordChanged(user: User): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    setUnauthorizedHandler(() => setUser(null));
    get<{ user: User }>('/auth/me')
      .then((r) => setUser(r.user))
      .catch(() => setUser(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await post<{ user: User }>('/auth/login', { username, password });
    setUser(r.user);
  }, []);

  const logout = useCallback(async () => {
    await post('/auth/logout').catch(() => undefined);
    setUser(null);
  }, []);

  const passwordChanged = useCallback((u: User) => setUser(u), []);

  return (
    <SessionContext.Provider value={{ user, login, logout, passwordChanged }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
