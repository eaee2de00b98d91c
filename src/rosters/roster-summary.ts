import { firstDayOf } from '../common/month';
import { fullMonthsOfAge } from '../common/age';
import type { RosterSummaryView } from './roster.view';

/** What a reviewer looks at before approving a roster (the answer's shape is RosterSummaryView). */
export type RosterSummary = Omit<RosterSummaryView, 'caregiverRatio'>;

export const OVER_THREE_MONTHS = 36;

/**
 * `childKey`: the same value for the same child on every roster (the HMAC of the ID number). The birth-order conflicts
 * and `alsoListedElsewhere` are registry facts: shown only `forReviewer` (admin, finance, auditor), null for operators.
 */
export function buildRosterSummary(
  month: string,
  entries: { childKey: string; birthOrder: number; birthDate: Date; confirmedBirthOrder: number | null }[],
  elsewhere: { forReviewer: boolean; alsoListedElsewhere: number; previous: { rosterId: string; childKeys: string[] } | null },
): RosterSummary {
  const firstDay = firstDayOf(month);
  const byBirthOrder = { first: 0, second: 0, thirdOrLater: 0 };
  let overThree = 0;
  let birthOrderConflicts = 0;
  for (const entry of entries) {
    if (entry.confirmedBirthOrder !== null && entry.confirmedBirthOrder !== entry.birthOrder) birthOrderConflicts += 1;
    if (entry.birthOrder === 1) byBirthOrder.first += 1;
    else if (entry.birthOrder === 2) byBirthOrder.second += 1;
    else byBirthOrder.thirdOrLater += 1;
    if (fullMonthsOfAge(entry.birthDate, firstDay) >= OVER_THREE_MONTHS) overThree += 1;
  }
  let changesSinceLastMonth: RosterSummary['changesSinceLastMonth'] = null;
  if (elsewhere.previous) {
    const now = new Set(entries.map((e) => e.childKey));
    const before = new Set(elsewhere.previous.childKeys);
    changesSinceLastMonth = {
      previousRosterId: elsewhere.previous.rosterId,
      joined: [...now].filter((id) => !before.has(id)).length,
      left: [...before].filter((id) => !now.has(id)).length,
    };
  }
  return {
    entryCount: entries.length,
    byBirthOrder,
    overThree,
    alsoListedElsewhere: elsewhere.forReviewer ? elsewhere.alsoListedElsewhere : null,
    birthOrderConflicts: elsewhere.forReviewer ? birthOrderConflicts : null,
    changesSinceLastMonth,
  };
}
