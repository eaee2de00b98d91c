import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/database/prisma.service';
import { SIGNED_IN_USER_FIELDS } from '../users/users.repository';

/** Every Prisma call of console sessions. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The session of a cookie token with the fields authentication checks of its user (joins the users table). */
  findByTokenHash(tokenHash: string) {
    return this.prisma.session.findUnique({ where: { tokenHash }, include: { user: { select: SIGNED_IN_USER_FIELDS } } });
  }

  /** Creates a session and drops sessions that ended more than a day ago (the table stays small). */
  async create(data: { tokenHash: string; userId: string; tokenVersion: number; expiresAt: Date; ip: string | null }, now: Date) {
    const [created] = await this.prisma.$transaction([
      this.prisma.session.create({ data: { ...data, lastSeenAt: now } }),
      this.prisma.session.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600 * 1000) } } }),
    ]);
    return created;
  }

  touch(id: string, now: Date) {
    return this.prisma.session.update({ where: { id }, data: { lastSeenAt: now }, select: { id: true } });
  }

  /** Revokes one session; false when it was already revoked. */
  async revoke(id: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    return count === 1;
  }
}
