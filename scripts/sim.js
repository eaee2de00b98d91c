#!/usr/bin/env node
// npm run sim -- --seed S [--months M] [--keep-going] [--avoid a,b] [--verbose]
// Runs the simulation (test/simulation/, the same driver as test/settlement/simulation.e2e-spec.ts) for one seed
// or a list (--seed 1,2,3), through jest so it gets the test run's database and Redis set-up.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : fallback;
}
const flag = (name) => process.argv.includes(`--${name}`);

const env = {
  ...process.env,
  SIM_SEEDS: arg('seed', '1'),
  SIM_MONTHS: arg('months', '18'),
  SIM_KEEP_GOING: flag('keep-going') ? '1' : '0',
  SIM_AVOID: arg('avoid', ''),
  SIM_VERBOSE: flag('verbose') ? '1' : '0',
};
const jest = join(__dirname, '..', 'node_modules', '.bin', 'jest');
const result = spawnSync(jest, ['--runInBand', 'test/settlement/simulation.e2e-spec.ts'], {
  cwd: join(__dirname, '..'),
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
