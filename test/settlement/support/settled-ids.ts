import type { TestApp } from '../../utils/test-app';

/**
 * The ids of the approved or paid settlements: lines have no relation to their settlement (no foreign key, see
 * docs/performance.md), so "lines of settled settlements" filters by these ids.
 */
export async function settledIds(t: TestApp): Promise<string[]> {
  const settled = await t.prisma.settlement.findMany({ where: { status: { in: ['APPROVED', 'PAID'] } }, select: { id: true } });
  return settled.map((s) => s.id);
}
