import { Injectable } from '@nestjs/common';
import type { User } from '../generated/prisma/client';
import type { Role } from '../generated/prisma/enums';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

export type { User } from '../generated/prisma/client';

/** What authentication needs to know of a signed-in user (never the password hash). */
export const SIGNED_IN_USER_FIELDS = {
  id: true,
  username: true,
  role: true,
  institutionId: true,
  active: true,
  tokenVersion: true,
} as const;

export type SignedInUser = Pick<User, keyof typeof SIGNED_IN_USER_FIELDS>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// serialises deactivations of admins, so two at once cannot remove the last two
const LAST_ADMIN_LOCK = 727_424_004;
const BOOTSTRAP_LOCK = 727_424_003;

/** Every database access of the users table. */
@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async usernameTaken(tx: Tx, username: string): Promise<boolean> {
    return !!(await tx.user.findUnique({ where: { username }, select: { id: true } }));
  }

  create(tx: Tx, user: { username: string; passwordHash: string; role: Role; institutionId?: string }): Promise<User> {
    return tx.user.create({ data: user });
  }

  /** One page of users, oldest first, and how many match. */
  list(filter: { role?: Role; institutionId?: string }, page: { skip: number; take: number }): Promise<[User[], number]> {
    const where = { role: filter.role, institutionId: filter.institutionId };
    return Promise.all([this.prisma.user.findMany({ where, orderBy: { createdAt: 'asc' }, ...page }), this.prisma.user.count({ where })]);
  }

  findById(id: string, db: Tx = this.prisma): Promise<User | null> {
    return db.user.findUnique({ where: { id } });
  }

  /** The user; Prisma's not-found error when there is none. */
  getById(id: string): Promise<User> {
    return this.prisma.user.findUniqueOrThrow({ where: { id } });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { username } });
  }

  /** The fields authentication checks, of the user a bearer token names. */
  /**
   * Runs on every authenticated request: one plain statement (a model call costs this process about twice the CPU of
   * a raw one; docs/performance.md). A subject that is not a UUID names nobody.
   */
  async findSignedIn(id: string): Promise<SignedInUser | null> {
    if (!UUID.test(id)) return null;
    const rows = await this.prisma.$queryRaw<SignedInUser[]>`
      SELECT id, username, role::text AS role, "institutionId", active, "tokenVersion" FROM users WHERE id = ${id}::uuid`;
    return rows[0] ?? null;
  }

  /** Held until commit: deactivations of admins queue up, so two at once cannot remove the last two. */
  async lockAdminDeactivations(tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LAST_ADMIN_LOCK})`;
  }

  /** Held until commit: of several processes starting at once, exactly one creates the bootstrap admin. */
  async lockBootstrap(tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
  }

  countActiveAdmins(tx: Tx): Promise<number> {
    return tx.user.count({ where: { role: 'admin', active: true } });
  }

  /** `revoke`: the user's tokens and sessions stop working (tokenVersion moves on). */
  update(tx: Tx, id: string, change: { active?: boolean; passwordHash?: string; revoke: boolean }): Promise<User> {
    return tx.user.update({
      where: { id },
      data: { active: change.active, passwordHash: change.passwordHash, tokenVersion: change.revoke ? { increment: 1 } : undefined },
    });
  }
}
