import { buildRosterSummary } from './roster-summary';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('buildRosterSummary', () => {
  const entries = [
    { childId: 'a', birthOrder: 1, birthDate: d('2024-01-01') },
    { childId: 'b', birthOrder: 2, birthDate: d('2023-03-01') }, // exactly 36 months on 2026-03-01
    { childId: 'c', birthOrder: 3, birthDate: d('2023-03-02') }, // 35 months
    { childId: 'e', birthOrder: 5, birthDate: d('2022-01-01') },
  ];

  it('counts birth orders, children over three and changes since last month', () => {
    const summary = buildRosterSummary('2026-03', entries, {
      alsoListedElsewhere: 1,
      previous: { rosterId: 'p', childIds: ['a', 'b', 'x', 'y'] },
    });
    expect(summary).toEqual({
      entryCount: 4,
      byBirthOrder: { first: 1, second: 1, thirdOrLater: 2 },
      overThree: 2,
      alsoListedElsewhere: 1,
      changesSinceLastMonth: { previousRosterId: 'p', joined: 2, left: 2 },
    });
  });

  it('has no changes when there is no previous effective roster', () => {
    expect(buildRosterSummary('2026-03', [], { alsoListedElsewhere: 0, previous: null }).changesSinceLastMonth).toBeNull();
  });
});
