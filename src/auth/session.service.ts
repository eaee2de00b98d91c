import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { SessionsRepository } from './sessions.repository';

/** lastSeenAt is written at most this often (the idle timeout needs minutes, not milliseconds). */
const TOUCH_EVERY_MS = 60_000;

export interface StartedSession {
  id: string;
  /** goes into the httpOnly cookie; never stored (only its SHA-256) */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * Console sessions (sign-in with a cookie). Why a table rather than a signed cookie with the user's tokenVersion:
 * sign-out must end this one session on the server (a token-version bump would also sign the user out on every
 * other device and end their API tokens), and the rows are the record of who signed in from where and when.
 * The CSRF token is derived from the session token with a key of its own, so it needs no storage and cannot be
 * made up by anyone who can only plant cookies.
 */
@Injectable()
export class SessionService {
  private readonly csrfKey: Buffer;

  constructor(
    private readonly repo: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.csrfKey = createHmac('sha256', config.jwtSecret).update('console-csrf-v1').digest();
  }

  async start(user: { id: string; tokenVersion: number }, ip: string | null): Promise<StartedSession> {
    const now = new Date();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.session.ttlSeconds * 1000);
    const row = await this.repo.create({ tokenHash: sha256(token), userId: user.id, tokenVersion: user.tokenVersion, expiresAt, ip }, now);
    return { id: row.id, token, csrfToken: this.csrfTokenFor(token), expiresAt };
  }

  /**
   * The live session of a cookie token with its user, or null: unknown, revoked, expired, idle longer than
   * SESSION_IDLE_SECONDS, user deactivated, or password changed since (tokenVersion moved on).
   */
  async resolve(token: string) {
    const session = await this.repo.findByTokenHash(sha256(token));
    if (!session) return null;
    const now = Date.now();
    const { user } = session;
    const idle = now - session.lastSeenAt.getTime() > this.config.session.idleSeconds * 1000;
    if (session.revokedAt || session.expiresAt.getTime() <= now || idle || !user.active || user.tokenVersion !== session.tokenVersion) {
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.repo.touch(session.id, new Date(now));
    return { id: session.id, expiresAt: session.expiresAt, user };
  }

  csrfTokenFor(token: string): string {
    return createHmac('sha256', this.csrfKey).update(token).digest('base64url');
  }

  csrfMatches(token: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfTokenFor(token));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Sign-out: this session only. */
  end(sessionId: string): Promise<boolean> {
    return this.repo.revoke(sessionId, new Date());
  }
}
