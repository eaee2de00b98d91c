import type { Role } from '../../generated/prisma/enums';

export class SessionUserDto {
  id: string;
  username: string;
  role: Role;
  institutionId: string | null;
  active: boolean;
  createdAt: string;
}

/** The console session: who is signed in, the CSRF token to echo in X-XSRF-TOKEN, and when the session ends at the latest. */
export class ConsoleSessionDto {
  user: SessionUserDto;
  csrfToken: string;
  /** ISO 8601; the session also ends after SESSION_IDLE_SECONDS without a request */
  expiresAt: string;
}
