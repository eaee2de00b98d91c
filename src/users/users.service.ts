import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import { Page, skipTake, toPage } from '../common/pagination';
import { PrismaService } from '../infra/database/prisma.service';
import { hashPassword } from '../auth/password';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/create-user.dto';
import { toUserView, UserView } from './user.view';

// serialises deactivations of admins, so two at once cannot remove the last two
const LAST_ADMIN_LOCK = 727_424_004;

@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateUserDto): Promise<UserView> {
    if (dto.role === 'operator' && !dto.institutionId) {
      throw new UnprocessableError('An operator must belong to an institution', [
        { field: 'institutionId', code: 'REQUIRED', message: 'institutionId is required for the operator role' },
      ]);
    }
    if (dto.role !== 'operator' && dto.institutionId) {
      throw new UnprocessableError('Only operators belong to an institution', [
        { field: 'institutionId', code: 'NOT_ALLOWED', message: `institutionId is only for operators, not ${dto.role}` },
      ]);
    }
    if (dto.institutionId && !(await this.prisma.institution.findUnique({ where: { id: dto.institutionId }, select: { id: true } }))) {
      throw new UnprocessableError('Unknown institution', [
        { field: 'institutionId', code: 'NOT_FOUND', message: 'No institution has this id' },
      ]);
    }
    const passwordHash = await hashPassword(dto.password);
    const user = await this.prisma.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { username: dto.username }, select: { id: true } })) {
        throw new ConflictError('USERNAME_TAKEN', `The username "${dto.username}" is already taken`).with({ username: dto.username });
      }
      const created = await tx.user.create({
        data: { username: dto.username, passwordHash, role: dto.role, institutionId: dto.institutionId },
      });
      await this.audit.record(tx, { action: 'USER_CREATED', entityType: 'User', entityId: created.id, after: toUserView(created) });
      return created;
    });
    return toUserView(user);
  }

  async list(query: UserQuery): Promise<Page<UserView>> {
    const where = { role: query.role, institutionId: query.institutionId };
    const [rows, total] = await Promise.all([
      this.prisma.user.findMany({ where, orderBy: { createdAt: 'asc' }, ...skipTake(query) }),
      this.prisma.user.count({ where }),
    ]);
    return toPage(rows.map(toUserView), total, query);
  }

  /** Deactivating or changing the password bumps tokenVersion: existing tokens stop working. */
  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const user = await this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id } });
      if (!before) throw new NotFoundError('User');
      if (dto.active === false && before.active && before.role === 'admin') {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LAST_ADMIN_LOCK})`;
        if ((await tx.user.count({ where: { role: 'admin', active: true } })) <= 1) {
          throw new ConflictError('LAST_ADMIN', 'This is the last active admin; create or reactivate another admin first');
        }
      }
      const revoke = passwordHash !== undefined || (dto.active === false && before.active);
      const updated = await tx.user.update({
        where: { id },
        data: { active: dto.active, passwordHash, tokenVersion: revoke ? { increment: 1 } : undefined },
      });
      await this.audit.record(tx, {
        action: 'USER_UPDATED',
        entityType: 'User',
        entityId: id,
        before: toUserView(before),
        after: { ...toUserView(updated), passwordChanged: passwordHash !== undefined },
      });
      return updated;
    });
    return toUserView(user);
  }
}
