import type { CookieOptions, Request, Response } from 'express';

/**
 * The console's two cookies. `childcare_session` carries the session token: httpOnly (no script reads it),
 * SameSite=Strict, Secure in production. `XSRF-TOKEN` carries the CSRF token derived from the session (readable
 * by the console's own script, which echoes it in the `X-XSRF-TOKEN` header of every unsafe request: the signed
 * double-submit pattern). The names are the ones axios uses by default, so the queue dashboard's own
 * requests carry the token too.
 */
export const SESSION_COOKIE = 'childcare_session';
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

/** The value of one cookie of the request (no cookie-parser middleware: only these two are ever read). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function options(secure: boolean, httpOnly: boolean, maxAgeMs?: number): CookieOptions {
  return { httpOnly, secure, sameSite: 'strict', path: '/', ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) };
}

export function setSessionCookies(res: Response, session: { token: string; csrfToken: string; expiresAt: Date }, secure: boolean): void {
  res.cookie(SESSION_COOKIE, session.token, options(secure, true, untilExpiry(session.expiresAt)));
  setCsrfCookie(res, session.csrfToken, session.expiresAt, secure);
}

export function setCsrfCookie(res: Response, csrfToken: string, expiresAt: Date, secure: boolean): void {
  res.cookie(CSRF_COOKIE, csrfToken, options(secure, false, untilExpiry(expiresAt)));
}

function untilExpiry(expiresAt: Date): number {
  return Math.max(0, expiresAt.getTime() - Date.now());
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, options(secure, true));
  res.clearCookie(CSRF_COOKIE, options(secure, false));
}
