import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/database/prisma.service';

/**
 * Usernames for other modules that show who did something (the audit export's 操作人). Its own Nest module
 * (UserDirectoryModule) needs only the database, so the audit log, which every module uses, can ask it.
 */
@Injectable()
export class UserDirectory {
  constructor(private readonly prisma: PrismaService) {}

  /** id → username of the given users (unknown ids are left out). */
  async usernames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } });
    return new Map(users.map((u) => [u.id, u.username]));
  }
}
