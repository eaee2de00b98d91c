import { Clock } from '../../src/infra/clock/clock';

/**
 * A clock tests can move: it starts at `start` (or the real time) and keeps ticking with real time from
 * there, so consecutive records still get increasing times; `set` and `advance` jump it.
 */
export class TestClock extends Clock {
  private offsetMs: number;

  constructor(start?: Date | string) {
    super();
    this.offsetMs = start === undefined ? 0 : new Date(start).getTime() - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Jumps to `instant` (ISO string or Date); time keeps running from there. */
  set(instant: Date | string): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Jumps to `day` (default the 1st) of `month` ('YYYY-MM') at `hour` o'clock Asia/Shanghai. */
  setShanghai(month: string, day = 1, hour = 10): void {
    this.set(`${month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  }
}
