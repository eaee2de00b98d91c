import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/generated/prisma/enums';
import { hashPassword } from '../../src/users/password';
import type { TestApp } from './test-app';

export interface ConsoleSignIn {
  userId: string;
  username: string;
  password: string;
  /** the Cookie header a browser would send back */
  cookie: string;
  csrfToken: string;
  setCookie: string[];
}

/** The Set-Cookie headers of an answer as `name=value` pairs for a Cookie header. */
export function cookieHeader(setCookie: string[]): string {
  return setCookie.map((c) => c.split(';')[0]).join('; ');
}

export function setCookies(headers: Record<string, unknown>): string[] {
  const value = headers['set-cookie'];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

/** A user with a password, signed in to the console (POST /api/v1/auth/session) as a browser would be. */
export async function signInToConsole(t: TestApp, role: Role, institutionId: string | null = null): Promise<ConsoleSignIn> {
  const username = `${role}-console-${randomUUID().slice(0, 8)}`;
  const password = `Pw-${username}-long-enough`;
  const user = await t.prisma.user.create({ data: { username, passwordHash: await hashPassword(password), role, institutionId } });
  const res = await t.http().post('/api/v1/auth/session').send({ username, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = setCookies(res.headers);
  return { userId: user.id, username, password, cookie: cookieHeader(setCookie), csrfToken: res.body.csrfToken as string, setCookie };
}
