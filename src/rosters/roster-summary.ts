import { firstDayOf } from '../common/month';
import { fullMonthsOfAge } from './roster-validation';
import type { RosterSummaryView } from './roster.view';

/** What a reviewer looks at before approving a roster (the answer's shape is RosterSummaryView). */
export type RosterSummary = Omit<RosterSummaryView, 'caregiverRatio'>;

export const OVER_THREE_MONTHS = 36;

export function buildRosterSummary(
  month: string,
  entries: { childId: string; birthOrder: number; birthDate: Date }[],
  elsewhere: { alsoListedElsewhere: number; previous: { rosterId: string; childIds: string[] } | null },
): RosterSummary {
  const firstDay = firstDayOf(month);
  const byBirthOrder = { first: 0, second: 0, thirdOrLater: 0 };
  let overThree = 0;
  for (const entry of entries) {
    if (entry.birthOrder === 1) byBirthOrder.first += 1;
    else if (entry.birthOrder === 2) byBirthOrder.second += 1;
    else byBirthOrder.thirdOrLater += 1;
    if (fullMonthsOfAge(entry.birthDate, firstDay) >= OVER_THREE_MONTHS) overThree += 1;
  }
  let changesSinceLastMonth: RosterSummary['changesSinceLastMonth'] = null;
  if (elsewhere.previous) {
    const now = new Set(entries.map((e) => e.childId));
    const before = new Set(elsewhere.previous.childIds);
    changesSinceLastMonth = {
      previousRosterId: elsewhere.previous.rosterId,
      joined: [...now].filter((id) => !before.has(id)).length,
      left: [...before].filter((id) => !now.has(id)).length,
    };
  }
  return { entryCount: entries.length, byBirthOrder, overThree, alsoListedElsewhere: elsewhere.alsoListedElsewhere, changesSinceLastMonth };
}
