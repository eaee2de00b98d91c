import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema';

/**
 * The typed API client (openapi-fetch over the types generated from the server's OpenAPI document,
 * `npm run gen:api`). The browser sends the httpOnly session cookie by itself; the console adds the CSRF token
 * of the session (the readable XSRF-TOKEN cookie) to every unsafe request. No token is kept in storage.
 */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';

export function readCookie(name: string, cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Headers every unsafe request needs: the session's CSRF token. */
export function csrfHeaders(method: string): Record<string, string> {
  if (SAFE.has(method.toUpperCase())) return {};
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}

/** Listeners told when the server says the session has ended (401 on any call but the sign-in itself). */
const sessionEnded = new EventTarget();
export function onSessionEnded(listener: () => void): () => void {
  sessionEnded.addEventListener('ended', listener);
  return () => sessionEnded.removeEventListener('ended', listener);
}
export function reportSessionEnded(): void {
  sessionEnded.dispatchEvent(new Event('ended'));
}

const consoleMiddleware: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(csrfHeaders(request.method))) request.headers.set(name, value);
    request.headers.set('Accept-Language', 'zh-CN');
    return request;
  },
  onResponse({ request, response }) {
    const signingIn = request.method === 'POST' && new URL(request.url).pathname === '/api/v1/auth/session';
    if (response.status === 401 && !signingIn) reportSessionEnded();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(consoleMiddleware);

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * The data of a call, or an ApiError with the server's error body: the generated type of the answer, or `T` where a
 * page names it (local-types.ts: the same generated types under the pages' names).
 */
export async function call<T = never, R extends Result = Result>(
  request: Promise<R>,
): Promise<[T] extends [never] ? NonNullable<R['data']> : T> {
  let result: R;
  try {
    result = await request;
  } catch {
    throw ApiError.network();
  }
  if (!result.response.ok) throw ApiError.from(result.response.status, result.error, result.response.headers.get('x-request-id'));
  return result.data as [T] extends [never] ? NonNullable<R['data']> : T;
}
