import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/database/prisma.service';

const USER_FIELDS = { id: true, username: true, role: true, institutionId: true, active: true, tokenVersion: true } as const;

/** Every Prisma call of console sessions, and the user look-up both ways of signing in share. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUser(id: string) {
    return this.prisma.user.findUnique({ where: { id }, select: USER_FIELDS });
  }

  findByTokenHash(tokenHash: string) {
    return this.prisma.session.findUnique({ where: { tokenHash }, include: { user: { select: USER_FIELDS } } });
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
