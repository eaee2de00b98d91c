/**
 * Childcare capacity against the planning target (docs/registry.md): 5 slots for children under 3 per 1,000 population,
 * district-wide and per township. Pure arithmetic on integers; ratios rounded only for display.
 */
import type { CapacityReportView, CapacityRowView } from './capacity.view';

export const CAPACITY_TARGET_PER_1000 = 5;

export interface TownshipInput {
  code: string;
  name: string;
  population: number;
}

export interface FiledInstitutionInput {
  township: string | null;
  approvedSlots: number;
  inclusive: boolean;
}

/** A township's (or the district's) row; the answer's shape is CapacityRowView. */
export type CapacityRow = CapacityRowView;

export type CapacityReport = Omit<CapacityReportView, 'month'>;

export function slotsPer1000(slots: number, population: number): number | null {
  return population > 0 ? Math.round((slots * 100_000) / population) / 100 : null;
}

export function meetsTarget(slots: number, population: number, target = CAPACITY_TARGET_PER_1000): boolean {
  return population > 0 && slots * 1000 >= target * population;
}

export function inclusiveShare(inclusiveSlots: number, slots: number): number | null {
  return slots > 0 ? Math.round((inclusiveSlots * 10_000) / slots) / 10_000 : null;
}

function row(code: string | null, name: string, population: number, members: FiledInstitutionInput[]): CapacityRow {
  const approvedSlots = members.reduce((sum, i) => sum + i.approvedSlots, 0);
  const inclusiveSlots = members.reduce((sum, i) => sum + (i.inclusive ? i.approvedSlots : 0), 0);
  return {
    code,
    name,
    population,
    institutions: members.length,
    approvedSlots,
    slotsPer1000: slotsPer1000(approvedSlots, population),
    meetsTarget: meetsTarget(approvedSlots, population),
    inclusiveSlots,
    inclusiveShare: inclusiveShare(inclusiveSlots, approvedSlots),
  };
}

/** One row per township (by code) and the district total over every FILED institution and every township's population. */
export function buildCapacityReport(townships: TownshipInput[], institutions: FiledInstitutionInput[]): CapacityReport {
  const known = new Set(townships.map((t) => t.code));
  const unassigned = institutions.filter((i) => i.township === null || !known.has(i.township));
  const unassignedRow = row(null, '', 0, unassigned);
  return {
    targetPer1000: CAPACITY_TARGET_PER_1000,
    townships: [...townships]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((t) =>
        row(
          t.code,
          t.name,
          t.population,
          institutions.filter((i) => i.township === t.code),
        ),
      ),
    unassigned: {
      institutions: unassignedRow.institutions,
      approvedSlots: unassignedRow.approvedSlots,
      inclusiveSlots: unassignedRow.inclusiveSlots,
    },
    district: row(
      null,
      '全区',
      townships.reduce((sum, t) => sum + t.population, 0),
      institutions,
    ),
  };
}
