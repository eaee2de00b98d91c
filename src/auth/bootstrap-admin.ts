import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { PrismaService } from '../infra/database/prisma.service';
import { hashPassword } from './password';

const BOOTSTRAP_LOCK = 727_424_003;

/** Creates the first admin from BOOTSTRAP_ADMIN_USERNAME / _PASSWORD when no active admin exists. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    const passwordHash = await hashPassword(admin.password);
    // several processes may start at once: the lock makes exactly one of them create the admin
    const created = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
      if (await tx.user.count({ where: { role: 'admin', active: true } })) return null;
      if (await tx.user.findUnique({ where: { username: admin.username }, select: { id: true } })) {
        this.logger.warn(
          `No active admin, but the user "${admin.username}" exists: reactivate an admin or set another BOOTSTRAP_ADMIN_USERNAME`,
        );
        return null;
      }
      const user = await tx.user.create({ data: { username: admin.username, passwordHash, role: 'admin' } });
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
