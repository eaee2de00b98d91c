import { buildRosterSummary } from './roster-summary';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('buildRosterSummary', () => {
  const entries = [
    { childKey: 'a', birthOrder: 1, birthDate: d('2024-01-01'), confirmedBirthOrder: 1 },
    { childKey: 'b', birthOrder: 2, birthDate: d('2023-03-01'), confirmedBirthOrder: 3 }, // exactly 36 months on 2026-03-01
    { childKey: 'c', birthOrder: 3, birthDate: d('2023-03-02'), confirmedBirthOrder: null }, // 35 months
    { childKey: 'e', birthOrder: 5, birthDate: d('2022-01-01'), confirmedBirthOrder: null },
  ];

  it('counts birth orders, children over three, conflicts and changes since last month', () => {
    const summary = buildRosterSummary('2026-03', entries, {
      forReviewer: true,
      alsoListedElsewhere: 1,
      previous: { rosterId: 'p', childKeys: ['a', 'b', 'x', 'y'] },
    });
    expect(summary).toEqual({
      entryCount: 4,
      byBirthOrder: { first: 1, second: 1, thirdOrLater: 2 },
      overThree: 2,
      alsoListedElsewhere: 1,
      birthOrderConflicts: 1,
      changesSinceLastMonth: { previousRosterId: 'p', joined: 2, left: 2 },
    });
  });

  it('shows an operator no registry facts: neither conflicts nor listings elsewhere', () => {
    const summary = buildRosterSummary('2026-03', entries, { forReviewer: false, alsoListedElsewhere: 1, previous: null });
    expect(summary).toMatchObject({ entryCount: 4, alsoListedElsewhere: null, birthOrderConflicts: null });
  });

  it('has no changes when there is no previous effective roster', () => {
    expect(
      buildRosterSummary('2026-03', [], { forReviewer: true, alsoListedElsewhere: 0, previous: null }).changesSinceLastMonth,
    ).toBeNull();
  });
});
