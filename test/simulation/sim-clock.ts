import { readFileSync, writeFileSync } from 'node:fs';
import { Clock } from '../../src/infra/clock/clock';
import { TestClock } from '../utils/test-clock';

/**
 * The simulation's time, shared with its worker processes: the driver moves a TestClock (the API's) and writes
 * the offset from real time to a file; each worker process's FileClock reads it, so runs computed by a worker
 * are stamped in simulated time like everything the API records.
 */
export class SharedClock {
  constructor(
    readonly clock: TestClock,
    readonly file: string,
  ) {
    this.publish();
  }

  setShanghai(month: string, day = 1, hour = 10): void {
    this.clock.setShanghai(month, day, hour);
    this.publish();
  }

  advance(ms: number): void {
    this.clock.advance(ms);
    this.publish();
  }

  now(): Date {
    return this.clock.now();
  }

  private publish(): void {
    writeFileSync(this.file, String(this.clock.now().getTime() - Date.now()));
  }
}

/** A worker process's clock: real time plus the offset the driver last wrote (read on every call). */
export class FileClock extends Clock {
  constructor(private readonly file: string) {
    super();
  }

  now(): Date {
    let offset = 0;
    try {
      offset = Number(readFileSync(this.file, 'utf8')) || 0;
    } catch {
      offset = 0;
    }
    return new Date(Date.now() + offset);
  }
}
