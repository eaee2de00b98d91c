import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../infra/config/app-config';
import { SettlementProducer } from './settlement.producer';

/**
 * Registers the BullMQ job scheduler that settles the previous month (SETTLEMENT_CRON, Asia/Shanghai).
 * Every process does it at start-up: the scheduler has one fixed id, so however many processes run there
 * is one scheduler and one job per tick; an empty cron removes it. The job creates the month's settlement
 * only when it has none, so repeated ticks never start a second run.
 */
@Injectable()
export class SettlementScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SettlementScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: SettlementProducer,
  ) {}

  onApplicationBootstrap(): void {
    // not awaited: start-up must not wait for Redis; the registration completes once it is reachable
    this.producer
      .syncScheduler(this.config.settlementCron)
      .then(() =>
        this.logger.log(this.config.settlementCron ? `Settlement schedule: ${this.config.settlementCron}` : 'Settlement schedule off'),
      )
      .catch((error: Error) => this.logger.error(`Could not register the settlement schedule: ${error.message}`));
  }
}
