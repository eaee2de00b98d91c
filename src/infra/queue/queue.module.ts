import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * BullMQ's shared connection settings. Each queue lives in the folder of its domain
 * (e.g. src/settlement/queue/) with its name constant, typed payload (ids only, never personal data),
 * producer and processor.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        prefix: `${config.redisPrefix}:bull`,
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
