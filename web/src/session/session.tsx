import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onSessionEnded } from '../api/client';
import type { components } from '../api/schema';
import { ApiError } from '../api/errors';

export type SessionUser = components['schemas']['SessionUserDto'];

interface SessionState {
  /** undefined while the console asks the server whether a session exists */
  user: SessionUser | null | undefined;
  /** the session ended under the user (sign-out elsewhere, deactivation, timeout): the sign-in page says so */
  endedUnderUser: boolean;
  /** the user signed out here: the sign-in page follows without a page to return to */
  signedOut: boolean;
  signIn: (username: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/**
 * Who is signed in, from the server: the session lives in an httpOnly cookie the script cannot read, so on load the
 * console asks GET /auth/session. Any 401 later (deactivated account, revoked or idle session) signs the console out.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [endedUnderUser, setEndedUnderUser] = useState(false);
  const [signedOut, setSignedOut] = useState(false);

  useEffect(() => {
    let alive = true;
    call(api.GET('/api/v1/auth/session'))
      .then((session) => alive && setUser(session.user))
      .catch(() => alive && setUser(null));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(
    () =>
      onSessionEnded(() =>
        setUser((current) => {
          if (current) setEndedUnderUser(true);
          return null;
        }),
      ),
    [],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    const session = await call(api.POST('/api/v1/auth/session', { body: { username, password } }));
    setEndedUnderUser(false);
    setSignedOut(false);
    setUser(session.user);
    return session.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call(api.DELETE('/api/v1/auth/session'));
    } catch (error) {
      // an already ended session is signed out all the same
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    setEndedUnderUser(false);
    setSignedOut(true);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, endedUnderUser, signedOut, signIn, signOut }), [user, endedUnderUser, signedOut, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user inside the console layout (which renders only once there is one). */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
