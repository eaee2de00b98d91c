import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { Transactions } from '../infra/database/transactions';
import { hashPassword } from './password';
import { UsersRepository } from './users.repository';

/** Creates the first admin from BOOTSTRAP_ADMIN_USERNAME / _PASSWORD when no active admin exists. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const passwordHash = await hashPassword(admin.password);
    // several processes may start at once: the lock makes exactly one of them create the admin
    const created = await this.transactions.run(async (tx) => {
      await this.users.lockBootstrap(tx);
      if (await this.users.countActiveAdmins(tx)) return null;
      if (await this.users.usernameTaken(tx, admin.username)) {
        this.logger.warn(
          `No active admin, but the user "${admin.username}" exists: reactivate an admin or set another BOOTSTRAP_ADMIN_USERNAME`,
        );
        return null;
      }
      const user = await this.users.create(tx, { username: admin.username, passwordHash, role: 'admin' });
      await this.audit.record(tx, {
        action: 'USER_CREATED',
        entityType: 'User',
        entityId: user.id,
        after: { username: user.username, role: user.role, bootstrap: true },
      });
      return user;
    });
    if (created) this.logger.log(`Created bootstrap admin "${created.username}"`);
  }
}
