import { addMonths, daysInMonth } from '../../src/common/month';
import { computeMonthLines, PolicyParams, RuleEntry, RuleLine } from '../../src/settlement/subsidy-rule';

/**
 * What the simulation believes the district's facts are: institutions with their filing timeline and inclusive
 * designations, children with where they were enrolled when, rosters with their versions, policy versions and
 * settlements. The model is only ever changed after the app accepted the change, so it is "the data" the pure
 * rule (src/settlement/subsidy-rule.ts) is applied to; the app's answers are checked against it (invariants.ts).
 */
export type Auth = { Authorization: string };
export type FilingStatus = 'FILED' | 'SUSPENDED' | 'CLOSED';
export type RosterStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED' | 'LOCKED';
export type SettlementStatus = 'QUEUED' | 'RUNNING' | 'COMPUTED' | 'PUBLISHED' | 'APPROVED' | 'PAID' | 'FAILED';

export interface MInstitution {
  id: string;
  name: string;
  operator: Auth;
  status: FilingStatus;
  /** status changes in the order they were recorded, each with the month it takes effect in (filedOn for a paper filing) */
  timeline: { month: string; status: FilingStatus }[];
  /** effectiveFrom → inclusive (true with a guidance price, false: designation ended) */
  designations: Map<string, boolean>;
}

/** One stay of a child at an institution (to: the withdrawal / transfer day, inclusive). */
export interface Stint {
  institutionId: string;
  from: string;
  to: string | null;
}

export interface MChild {
  idNumber: string;
  name: string;
  birthDate: string;
  /** the birth order the registry holds for the child (claimed on the first roster, confirmed at its approval, corrected by an admin) */
  order: number;
  stints: Stint[];
  /** attendance days per `${institutionId}|${month}`, decided once so every roster version says the same unless corrected */
  attendance: Map<string, number>;
}

export interface MEntry {
  idNumber: string;
  birthOrder: number;
  enrolledOn: string;
  withdrawnOn: string | null;
  attendanceDays: number;
}

export interface MRoster {
  id: string;
  institutionId: string;
  month: string;
  version: number;
  status: RosterStatus;
  entries: MEntry[];
}

export interface MPolicy extends PolicyParams {
  effectiveFrom: string;
}

export interface MSettlement {
  id: string;
  month: string;
  status: SettlementStatus;
  /** the rule on the month's facts at the moment it was approved */
  approvedLines?: RuleLine[];
  /** the registry's eligibility answer for the month at approval (institution id → JSON) */
  approvedEligibility?: Map<string, string>;
  /**
   * the registry's answer, at approval, for each month between the previous approved month and this one that had
   * no settlement of its own (skipped: paid as corrections) — history from then on as well (month → institution → JSON)
   */
  skippedEligibility?: Map<string, Map<string, string>>;
  /** the settlement's own lines and institution parts at approval */
  approvedFingerprint?: string;
}

export const DEFAULT_POLICY: MPolicy = {
  effectiveFrom: '2024-01',
  secondChildFen: 30000,
  thirdChildFen: 40000,
  minAttendanceDays: 1,
  maxAgeMonths: 36,
};

export const PAID_REASONS = new Set(['PAID_SECOND_CHILD', 'PAID_THIRD_CHILD']);

export function monthStart(month: string): string {
  return `${month}-01`;
}

export function monthEnd(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

export function dayOf(month: string, day: number): string {
  return `${month}-${String(Math.min(day, daysInMonth(month))).padStart(2, '0')}`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export class Model {
  readonly institutions = new Map<string, MInstitution>();
  readonly children = new Map<string, MChild>();
  /** key `${institutionId}|${month}` → versions, oldest first */
  readonly rosters = new Map<string, MRoster[]>();
  readonly policies: MPolicy[] = [DEFAULT_POLICY];
  readonly settlements = new Map<string, MSettlement>();

  // ───────── registry ─────────

  /** FILED at some moment of the month: its last change before the month was to FILED, or it became FILED during it. */
  filed(institutionId: string, month: string): boolean {
    const timeline = this.institutions.get(institutionId)?.timeline ?? [];
    if (!timeline.length || month < timeline[0].month) return false;
    const before = timeline.filter((e) => e.month < month).at(-1);
    return before?.status === 'FILED' || timeline.some((e) => e.month === month && e.status === 'FILED');
  }

  inclusive(institutionId: string, month: string): boolean {
    const designations = this.institutions.get(institutionId)?.designations ?? new Map<string, boolean>();
    const from = [...designations.keys()]
      .filter((m) => m <= month)
      .sort()
      .at(-1);
    return from !== undefined && designations.get(from) === true;
  }

  eligible(institutionId: string, month: string): boolean {
    return this.filed(institutionId, month) && this.inclusive(institutionId, month);
  }

  eligibleSet(month: string): Set<string> {
    return new Set([...this.institutions.keys()].filter((id) => this.eligible(id, month)));
  }

  // ───────── policy ─────────

  policy(month: string): MPolicy {
    const found = [...this.policies]
      .filter((p) => p.effectiveFrom <= month)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
    if (!found) throw new Error(`no policy in force for ${month}`);
    return found;
  }

  /** months whose settlement is APPROVED or PAID */
  approvedMonths(): string[] {
    return [...this.settlements.values()]
      .filter((s) => s.status === 'APPROVED' || s.status === 'PAID')
      .map((s) => s.month)
      .sort();
  }

  isApproved(month: string): boolean {
    const s = this.settlements.get(month);
    return s?.status === 'APPROVED' || s?.status === 'PAID';
  }

  /** whether a policy version from `from` would be in force for an approved month */
  /** months are settled in order: a version may start only after the latest approved month */
  policyWouldTouchApproved(from: string): boolean {
    return this.approvedMonths().some((m) => m >= from);
  }

  // ───────── children and rosters ─────────

  /** what institution `institutionId` reports for `month`: every child with a stay there overlapping the month */
  entriesFor(institutionId: string, month: string, decide: (maxDays: number) => number): MEntry[] {
    const first = monthStart(month);
    const last = monthEnd(month);
    const entries: MEntry[] = [];
    for (const child of this.children.values()) {
      for (const stint of child.stints) {
        if (stint.institutionId !== institutionId || stint.from > last || (stint.to !== null && stint.to < first)) continue;
        const key = `${institutionId}|${month}`;
        const from = stint.from > first ? stint.from : first;
        const to = stint.to !== null && stint.to < last ? stint.to : last;
        if (!child.attendance.has(key)) child.attendance.set(key, decide(daysBetween(from, to)));
        entries.push({
          idNumber: child.idNumber,
          birthOrder: child.order,
          enrolledOn: stint.from,
          withdrawnOn: stint.to !== null && stint.to <= last ? stint.to : null,
          attendanceDays: child.attendance.get(key)!,
        });
      }
    }
    return entries;
  }

  rosterVersions(institutionId: string, month: string): MRoster[] {
    return this.rosters.get(`${institutionId}|${month}`) ?? [];
  }

  allRosters(): MRoster[] {
    return [...this.rosters.values()].flat();
  }

  addRoster(roster: MRoster): void {
    const key = `${roster.institutionId}|${roster.month}`;
    this.rosters.set(key, [...(this.rosters.get(key) ?? []), roster]);
  }

  /** per institution, its highest version that is APPROVED or LOCKED */
  effectiveRosters(month: string): MRoster[] {
    const out: MRoster[] = [];
    for (const versions of this.rosters.values()) {
      const effective = versions
        .filter((r) => r.month === month && (r.status === 'APPROVED' || r.status === 'LOCKED'))
        .sort((a, b) => b.version - a.version)[0];
      if (effective) out.push(effective);
    }
    return out;
  }

  /** children listed on a roster that is still open (DRAFT, SUBMITTED, RETURNED) */
  childrenOnOpenRosters(): Set<string> {
    const open = this.allRosters().filter((r) => r.status === 'DRAFT' || r.status === 'SUBMITTED' || r.status === 'RETURNED');
    return new Set(open.flatMap((r) => r.entries.map((e) => e.idNumber)));
  }

  // ───────── the rule ─────────

  /**
   * THE rule on the model's current data for `month`: the effective rosters, the model's eligibility, the policy
   * in force, and each child's birth order as the registry holds it now (the confirmed birth order decides the
   * amount). `childIds` maps ID numbers to the app's child ids.
   */
  ruleLines(month: string, childIds: ReadonlyMap<string, string>): RuleLine[] {
    const entries: RuleEntry[] = [];
    for (const roster of this.effectiveRosters(month)) {
      for (const e of roster.entries) {
        const child = this.children.get(e.idNumber)!;
        const childId = childIds.get(e.idNumber);
        if (!childId) throw new Error(`child ${child.name} of roster ${roster.id} has no id in the app`);
        entries.push({
          childId,
          institutionId: roster.institutionId,
          rosterId: roster.id,
          birthOrder: child.order,
          birthDate: child.birthDate,
          enrolledOn: e.enrolledOn,
          withdrawnOn: e.withdrawnOn,
          attendanceDays: e.attendanceDays,
        });
      }
    }
    return computeMonthLines(month, this.policy(month), entries, this.eligibleSet(month));
  }

  /** every month from `first` to `last` */
  static months(first: string, last: string): string[] {
    const out: string[] = [];
    for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
    return out;
  }
}
