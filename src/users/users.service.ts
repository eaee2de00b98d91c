import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import { Page, skipTake, toPage } from '../common/pagination';
import { Transactions } from '../infra/database/transactions';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/create-user.dto';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { toUserView, UserView } from './user.view';
import { UsersRepository, type User } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
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
    if (dto.institutionId && !(await this.users.institutionExists(dto.institutionId))) {
      throw new UnprocessableError('Unknown institution', [
        { field: 'institutionId', code: 'NOT_FOUND', message: 'No institution has this id' },
      ]);
    }
    const passwordHash = await hashPassword(dto.password);
    const user = await this.transactions.run(async (tx) => {
      if (await this.users.usernameTaken(tx, dto.username)) {
        throw new ConflictError('USERNAME_TAKEN', `The username "${dto.username}" is already taken`).with({ username: dto.username });
      }
      const created = await this.users.create(tx, {
        username: dto.username,
        passwordHash,
        role: dto.role,
        institutionId: dto.institutionId,
      });
      await this.audit.record(tx, { action: 'USER_CREATED', entityType: 'User', entityId: created.id, after: toUserView(created) });
      return created;
    });
    return toUserView(user);
  }

  async list(query: UserQuery): Promise<Page<UserView>> {
    const [rows, total] = await this.users.list({ role: query.role, institutionId: query.institutionId }, skipTake(query));
    return toPage(rows.map(toUserView), total, query);
  }

  /** Deactivating or changing the password bumps tokenVersion: existing tokens stop working. */
  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const user = await this.transactions.run(async (tx) => {
      const before = await this.users.findById(id, tx);
      if (!before) throw new NotFoundError('User');
      if (dto.active === false && before.active && before.role === 'admin') {
        await this.users.lockAdminDeactivations(tx);
        if ((await this.users.countActiveAdmins(tx)) <= 1) {
          throw new ConflictError('LAST_ADMIN', 'This is the last active admin; create or reactivate another admin first');
        }
      }
      const revoke = passwordHash !== undefined || (dto.active === false && before.active);
      const updated = await this.users.update(tx, id, { active: dto.active, passwordHash, revoke });
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

  // ───── for signing in (src/auth) ─────

  /** The user of `username` (null: none) and whether `password` is theirs; as slow when there is no such user. */
  async checkPassword(username: string, password: string): Promise<{ user: User | null; ok: boolean }> {
    const user = await this.users.findByUsername(username);
    return { user, ok: await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password) };
  }

  /** The signed-in user's own view (Prisma's not-found error when the user is gone). */
  async me(userId: string): Promise<UserView> {
    return toUserView(await this.users.getById(userId));
  }

  /** The fields authentication checks of the user a bearer token names (null: none). */
  signedIn(userId: string) {
    return this.users.findSignedIn(userId);
  }
}
