/**
 * Figures of the 统计 page computed in the console from the API's lists (pure, unit-tested): enrolment of a month
 * against the approved slots, by township.
 */

/** Roster statuses that count as the month's effective report (what settlement pays). */
export const EFFECTIVE_ROSTER_STATUSES = ['APPROVED', 'LOCKED'];

export interface RosterHeadline {
  institutionId: string;
  version: number;
  status: string;
  entryCount: number;
}

export interface InstitutionHeadline {
  id: string;
  township: string | null;
  approvedSlots: number;
}

export interface EnrolmentRow {
  /** township code; null: institutions without a registered township */
  code: string | null;
  name: string;
  institutions: number;
  reported: number;
  approvedSlots: number;
  enrolled: number;
  /** enrolled / approvedSlots in per cent, 1 decimal; null without slots */
  utilisation: number | null;
}

/** The children on each institution's effective roster of the month: its highest APPROVED or LOCKED version. */
export function effectiveEnrolment(rosters: RosterHeadline[]): Map<string, number> {
  const best = new Map<string, RosterHeadline>();
  for (const r of rosters) {
    if (!EFFECTIVE_ROSTER_STATUSES.includes(r.status)) continue;
    const known = best.get(r.institutionId);
    if (!known || r.version > known.version) best.set(r.institutionId, r);
  }
  return new Map([...best].map(([id, r]) => [id, r.entryCount]));
}

export function utilisation(enrolled: number, slots: number): number | null {
  return slots > 0 ? Math.round((enrolled * 1000) / slots) / 10 : null;
}

/**
 * One row per township (in the given order), a row for institutions whose township is not registered (only when
 * there are any) and the district total last (`code` null, name 全区).
 */
export function enrolmentByTownship(
  townships: { code: string; name: string }[],
  institutions: InstitutionHeadline[],
  rosters: RosterHeadline[],
): { rows: EnrolmentRow[]; district: EnrolmentRow } {
  const enrolled = effectiveEnrolment(rosters);
  const known = new Set(townships.map((t) => t.code));
  const row = (code: string | null, name: string, members: InstitutionHeadline[]): EnrolmentRow => {
    const slots = members.reduce((s, i) => s + i.approvedSlots, 0);
    const children = members.reduce((s, i) => s + (enrolled.get(i.id) ?? 0), 0);
    return {
      code,
      name,
      institutions: members.length,
      reported: members.filter((i) => enrolled.has(i.id)).length,
      approvedSlots: slots,
      enrolled: children,
      utilisation: utilisation(children, slots),
    };
  };
  const rows = townships.map((t) =>
    row(
      t.code,
      t.name,
      institutions.filter((i) => i.township === t.code),
    ),
  );
  const others = institutions.filter((i) => i.township === null || !known.has(i.township));
  if (others.length > 0) rows.push(row(null, '未归属乡镇（街道）', others));
  return { rows, district: row(null, '全区', institutions) };
}
