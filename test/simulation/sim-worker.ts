import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { configFromEnvironment } from '../../src/infra/config/environment';
import { closeOnSignals } from '../../src/main';
import { FileClock } from './sim-clock';

/**
 * src/worker.ts with the simulation's clock (SIM_CLOCK_FILE, see sim-clock.ts): the settlement workers as a real
 * process the simulation can kill -9 mid-run, recording times in simulated time.
 */
async function bootstrap(): Promise<void> {
  const file = process.env.SIM_CLOCK_FILE;
  if (!file) throw new Error('SIM_CLOCK_FILE is not set');
  const config = configFromEnvironment();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { workers: true, clock: new FileClock(file) }), {
    bufferLogs: true,
  });
  closeOnSignals(app);
  await app.init();
  process.stdout.write('sim-worker ready\n');
}

void bootstrap();
