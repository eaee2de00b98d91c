import { adminQuery, databaseUrl, scratchName } from '../utils/scratch-db';
import { createTestApp } from '../utils/test-app';
import { runSimulation, SimulationOptions } from '../simulation/driver';

/**
 * The proof (issue 10): months of ordinary use of the real app — PostgreSQL, Redis, a settlement worker process on
 * the simulation's clock — driven by a seeded random driver (test/simulation/), checked after every phase against
 * the pure subsidy rule. A failure prints its seed and the steps so far; `npm run sim -- --seed S --months M`
 * replays a seed or runs longer. docs/simulation.md lists the actions and invariants.
 *
 * Each seed runs in a database of its own (cloned from the run's migrated template), so seeds never share months.
 */
const SEEDS = (process.env.SIM_SEEDS ?? '1,2').split(',').map(Number);
const MONTHS = Number(process.env.SIM_MONTHS ?? 18);
const KEEP_GOING = process.env.SIM_KEEP_GOING === '1';
const AVOID = (process.env.SIM_AVOID ?? '').split(',').filter(Boolean);

jest.setTimeout(Math.max(300_000, MONTHS * 30_000));

describe('simulation: months of use against the pure rule', () => {
  it.each(SEEDS)(`seed %i: ${MONTHS} months keep every invariant`, async (seed) => {
    const template = process.env.TEST_TEMPLATE_DB_NAME;
    if (!template) throw new Error('TEST_TEMPLATE_DB_NAME is not set: run through jest (test/setup/global-setup.ts)');
    const name = scratchName(`sim${seed}`);
    await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    const saved = { url: process.env.DATABASE_URL, prefix: process.env.REDIS_PREFIX };
    process.env.DATABASE_URL = databaseUrl(name);
    process.env.REDIS_PREFIX = `${saved.prefix}-sim${seed}`;
    const t = await createTestApp({ now: '2024-03-01T09:00:00+08:00' });
    try {
      const options: SimulationOptions = {
        seed,
        months: MONTHS,
        keepGoing: KEEP_GOING,
        avoid: Object.fromEntries(AVOID.map((a) => [a, true])),
        log: process.env.SIM_VERBOSE === '1' ? (line) => process.stdout.write(`${line}\n`) : undefined,
      };
      const result = await runSimulation(t, options);
      if (KEEP_GOING) {
        process.stdout.write(
          `seed ${seed}: ${result.steps.length} steps, ${result.violations.length} violation(s); steps in ${result.logFile}\n`,
        );
        for (const v of result.violations) process.stdout.write(`  step ${v.step}: ${v.invariant}: ${v.message}\n`);
      }
      expect(result.violations).toEqual([]);
    } finally {
      await t.close();
      process.env.DATABASE_URL = saved.url;
      process.env.REDIS_PREFIX = saved.prefix;
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
