import { existsSync, readFileSync } from 'node:fs';
import { checkResidentId } from '../../src/common/identity/resident-id';

/** 18 characters standing alone: 17 digits and a digit or X (a resident ID number's shape). */
const ID_SHAPE = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
/** Children's names in tests follow these patterns (test/utils/factories.ts, test/rosters/roster-fixtures.ts). */
const TEST_CHILD_NAME = /测试儿童\d+/;

/**
 * Personal data found in the application log of a test run: checksum-valid resident ID numbers with a
 * birth date not in the future, and test children's names. Returns short descriptions, never the values.
 */
export function findPersonalData(log: string, today = new Date()): string[] {
  const found: string[] = [];
  const todayKey = today.toISOString().slice(0, 10).replaceAll('-', '');
  for (const match of log.matchAll(ID_SHAPE)) {
    const id = match[0].toUpperCase();
    if (!checkResidentId(id) && id.slice(6, 14) <= todayKey) found.push(`a resident ID number at offset ${match.index}`);
  }
  const name = TEST_CHILD_NAME.exec(log);
  if (name) found.push(`a test child's name at offset ${name.index}`);
  return found;
}

/** Fails the test run when the application log holds an ID number or a child's name (issue 4: never in logs). */
export function assertLogHasNoPersonalData(logFile: string | undefined): void {
  if (!logFile || !existsSync(logFile)) return;
  const found = findPersonalData(readFileSync(logFile, 'utf8'));
  if (found.length) {
    throw new Error(
      `The application log ${logFile} contains personal data: ${found.slice(0, 5).join('; ')}${found.length > 5 ? ' …' : ''}`,
    );
  }
}
