/**
 * "Now" for domain code. Services ask the injected clock instead of calling `new Date()`, so which month
 * it is, what counts as "today" and the times recorded on state changes follow one source that tests can
 * move forward month by month (test/utils/test-clock.ts).
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The machine's time: what every process uses outside tests. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
