import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, institutionScope } from '../auth/access';
import { ChildrenRepository, type RegistryFacts } from '../children/children.repository';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import { Page, PageQuery, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import type { RosterStatus } from '../generated/prisma/enums';
import { Transactions, type Tx } from '../infra/database/transactions';
import { EligibilityRepository } from '../registry/eligibility.repository';
import type { ReportingStatusQuery, RosterWorklistQuery } from './dto/roster.dto';
import { REPORTING_STATUSES, ReportingItemView, ReportingStatus, ReportingStatusView } from './reporting-status.view';
import { parseRosterFile, tooManyEntries } from './roster-file';
import { buildRosterSummary } from './roster-summary';
import { birthOrderConflicts, MAX_ROSTER_ENTRIES, RawEntry, sortProblems, validateEntries, ValidEntry } from './roster-validation';
import { EntryRow, RosterListItem, RosterView, toEntryView, toRosterHeader, toRosterListItem } from './roster.view';
import {
  DuplicateRosterError,
  EFFECTIVE_STATUSES,
  OPEN_STATUSES,
  type Roster,
  RostersRepository,
  type StatusChange,
} from './rosters.repository';
import type { RosterEntryDto } from './dto/roster.dto';
import { Clock } from '../infra/clock/clock';
import { BirthOrderClaims } from './birth-order-claims';
import { caregiverRatio, NATIONAL_RATIOS } from '../staff/caregiver-ratio';
import { CaregiverRatioPolicyService } from '../staff/caregiver-ratio-policy.service';
import { StaffService } from '../staff/staff.service';

export interface UploadedRosterFile {
  buffer: Buffer;
  originalname: string;
}

type Source = 'json' | 'csv' | 'xlsx';
/** What a write has in hand for its answer: the roster row as changed, and the plain text of values it has just sealed. */
type Known = { roster: Roster; entries?: EntryRow[]; plainOf?: Map<string, string> };
const EDITABLE: RosterStatus[] = ['DRAFT', 'RETURNED'];
// 5,000 children are written in a handful of statements; leave room on a loaded machine all the same.
const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 };

/**
 * Monthly rosters: DRAFT → SUBMITTED → APPROVED | RETURNED (editable, resubmitted) → LOCKED (by the
 * settlement module when the month's settlement is approved). A locked month is corrected by reopening:
 * a new version in DRAFT that follows the same workflow.
 */
@Injectable()
export class RostersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: RostersRepository,
    private readonly children: ChildrenRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly eligibility: EligibilityRepository,
    private readonly claims: BirthOrderClaims,
    private readonly staff: StaffService,
    private readonly ratioPolicies: CaregiverRatioPolicyService,
  ) {}

  /** From JSON: the array index is the row the operator is told about. */
  static fromJson(entries: RosterEntryDto[]): RawEntry[] {
    return entries.map((e, i) => ({ ...e, index: i, rowIndex: i + 1 }));
  }

  async create(actor: Actor, institutionId: string, month: string, rows: RawEntry[], source: Source = 'json'): Promise<RosterView> {
    assertInstitutionAccess(actor, institutionId);
    // both at once, judged in this order: no such institution, not FILED, month closed, roster exists
    const [{ institution, rosterExists }, monthLocked] = await Promise.all([
      this.repo.creationChecks(institutionId, month),
      this.repo.monthLocked(month),
    ]);
    if (!institution) throw new NotFoundError('Institution');
    if (institution.status !== 'FILED') {
      throw new ConflictError('INSTITUTION_NOT_FILED', `Only a FILED institution reports rosters (this one is ${institution.status})`).with(
        {
          status: institution.status,
        },
      );
    }
    if (monthLocked) {
      throw new ConflictError(
        'MONTH_LOCKED',
        `The settlement of ${month} is approved; corrections go through reopening the locked roster`,
      ).with({
        month,
      });
    }
    if (rosterExists) {
      throw new ConflictError('ROSTER_EXISTS', `A roster for ${month} already exists for this institution; edit it instead`).with({
        month,
      });
    }
    const { entries, birthOrderConflicts, facts } = await this.checkEntries(
      actor,
      rows,
      { institutionId, month, rosterId: null },
      institution.approvedSlots,
    );

    const created = await this.uniqueRoster('ROSTER_EXISTS', () =>
      this.transactions.run(async (tx) => {
        const created = await this.repo.createWithEntries(tx, { institutionId, month, version: 1, createdById: actor.id }, entries, facts);
        await this.audit.record(tx, {
          action: 'ROSTER_CREATED',
          entityType: 'Roster',
          entityId: created.roster.id,
          after: { institutionId, month, version: 1, status: 'DRAFT', entryCount: entries.length, birthOrderConflicts, source },
        });
        return created;
      }, TX_OPTIONS),
    );
    return this.get(actor, created.roster.id, created);
  }

  async importFile(actor: Actor, institutionId: string, month: string, file: UploadedRosterFile | undefined): Promise<RosterView> {
    assertInstitutionAccess(actor, institutionId);
    const { type, rows } = await this.readFile(file);
    return this.create(actor, institutionId, month, rows, type);
  }

  /** Replaces every entry of a DRAFT or RETURNED roster (same rules as creating it). */
  async replaceEntries(actor: Actor, rosterId: string, rows: RawEntry[], source: Source = 'json'): Promise<RosterView> {
    const roster = await this.findAccessible(actor, rosterId);
    this.assertStatus(roster.status, EDITABLE, 'edited');
    const institution = await this.repo.institution(roster.institutionId);
    const { entries, birthOrderConflicts, facts } = await this.checkEntries(
      actor,
      rows,
      { institutionId: roster.institutionId, month: roster.month, rosterId },
      institution?.approvedSlots ?? 0,
    );
    const known = await this.transactions.run(async (tx) => {
      const { before, roster: changed } = await this.claim(actor, tx, rosterId, EDITABLE, null, 'edited');
      const removed = await this.repo.deleteEntries(tx, rosterId);
      const written = await this.repo.storeEntries(tx, rosterId, entries, facts);
      await this.audit.record(tx, {
        action: 'ROSTER_UPDATED',
        entityType: 'Roster',
        entityId: rosterId,
        before: { status: before, entryCount: removed },
        after: { status: before, entryCount: entries.length, birthOrderConflicts, source },
      });
      return { roster: changed, ...written };
    }, TX_OPTIONS);
    return this.get(actor, rosterId, known);
  }

  async replaceFromFile(actor: Actor, rosterId: string, file: UploadedRosterFile | undefined): Promise<RosterView> {
    await this.findAccessible(actor, rosterId);
    const { type, rows } = await this.readFile(file);
    return this.replaceEntries(actor, rosterId, rows, type);
  }

  async list(actor: Actor, institutionId: string, query: PageQuery & { month?: string }): Promise<Page<RosterListItem>> {
    assertInstitutionAccess(actor, institutionId);
    if (!(await this.repo.institution(institutionId))) throw new NotFoundError('Institution');
    const { skip, take } = skipTake(query);
    const [rows, total] = await this.repo.list({ institutionId, month: query.month }, [{ month: 'desc' }, { version: 'desc' }], skip, take);
    return toPage(rows.map(toRosterListItem), total, query);
  }

  /**
   * The district-wide worklist (e.g. everything SUBMITTED, waiting for review): newest month first, within a month
   * the newest roster first. An operator sees their own institution's only (another institution's id → 404).
   */
  async worklist(actor: Actor, query: RosterWorklistQuery): Promise<Page<RosterListItem>> {
    if (query.institutionId) assertInstitutionAccess(actor, query.institutionId);
    const where = { institutionId: institutionScope(actor) ?? query.institutionId, month: query.month, status: query.status };
    const { skip, take } = skipTake(query);
    const [rows, total] = await this.repo.list(where, [{ month: 'desc' }, { createdAt: 'desc' }, { id: 'asc' }], skip, take);
    return toPage(rows.map(toRosterListItem), total, query);
  }

  /**
   * Who has reported the month: every institution FILED at some moment of it (the settlement's rule) with the status
   * of its newest roster version for the month, MISSING where there is none; counts per status over all of them.
   */
  async reportingStatus(query: ReportingStatusQuery): Promise<ReportingStatusView> {
    const filed = [...(await this.eligibility.forMonth(query.month))].filter(([, e]) => e.filed).map(([id]) => id);
    const [institutions, rosters] = await Promise.all([this.repo.institutionsByName(filed), this.repo.latestVersions(query.month, filed)]);
    const latest = new Map(rosters.map((r) => [r.institutionId, r]));
    const all: ReportingItemView[] = institutions.map((i) => {
      const roster = latest.get(i.id);
      return {
        institutionId: i.id,
        name: i.name,
        township: i.township,
        rosterStatus: roster?.status ?? 'MISSING',
        rosterId: roster?.id ?? null,
        rosterVersion: roster?.version ?? null,
      };
    });
    const counts = Object.fromEntries(REPORTING_STATUSES.map((s) => [s, 0])) as Record<ReportingStatus, number>;
    for (const item of all) counts[item.rosterStatus] += 1;
    const matching = query.rosterStatus ? all.filter((i) => i.rosterStatus === query.rosterStatus) : all;
    const { skip, take } = skipTake(query);
    return { month: query.month, counts, ...toPage(matching.slice(skip, skip + take), matching.length, query) };
  }

  /**
   * The roster as reported: each entry shows what the roster says (masked), never what the registry holds for that ID
   * number. Reviewers (admin, finance, auditor) also see the registry's facts: each child's confirmed birth order, how
   * many entries contradict it and how many children another institution lists this month; an operator sees null.
   */
  async get(actor: Actor, rosterId: string, known?: Known): Promise<RosterView> {
    const roster = known
      ? { ...known.roster, entries: known.entries ?? (await this.repo.entriesOf(rosterId)) }
      : await this.repo.findWithEntries(rosterId);
    if (!roster) throw new NotFoundError('Roster');
    assertInstitutionAccess(actor, roster.institutionId, 'Roster');
    const month = roster.month;
    const forReviewer = actor.role !== 'operator';
    const [alsoListedElsewhere, previous, caregiversActive, ratios] = await Promise.all([
      forReviewer ? this.repo.alsoListedElsewhere(roster.id, roster.institutionId, month) : 0,
      this.repo.previousEffective(roster.institutionId, month),
      this.staff.caregiversActiveIn(roster.institutionId, month),
      this.ratioPolicies.inForce(month),
    ]);
    // what this request has just sealed it knows in plain: only the rest is decrypted
    const open = (s: string) => known?.plainOf?.get(s) ?? this.repo.open(s);
    return {
      ...toRosterHeader(roster),
      entries: roster.entries.map((e) => toEntryView(e, open, forReviewer)),
      summary: {
        ...buildRosterSummary(month, roster.entries, { forReviewer, alsoListedElsewhere, previous }),
        caregiverRatio: {
          ...caregiverRatio(
            month,
            roster.entries.map((e) => e.birthDate),
            caregiversActive,
            ratios ?? NATIONAL_RATIOS,
          ),
          policyEffectiveFrom: ratios?.effectiveFrom ?? null,
        },
      },
    };
  }

  async submit(actor: Actor, rosterId: string): Promise<RosterView> {
    const roster = await this.transactions.run(async (tx) => {
      const submitted = { status: 'SUBMITTED' as const, submittedAt: this.clock.now() };
      const { before, roster: changed } = await this.claim(actor, tx, rosterId, EDITABLE, submitted, 'submitted');
      await this.audit.record(tx, {
        action: 'ROSTER_SUBMITTED',
        entityType: 'Roster',
        entityId: rosterId,
        before: { status: before },
        after: { status: 'SUBMITTED' },
      });
      return changed;
    });
    return this.get(actor, rosterId, { roster });
  }

  /**
   * Approval registers the listed children not yet in the children registry (as this roster reported them; a known
   * child keeps its registered name), links the entries to them, and makes each listed child's birth order a
   * confirmed fact (where the child had none). A child whose confirmed birth order differs stops the approval: 422
   * BIRTH_ORDER_CONFLICT naming the rows (and nothing is registered); correct the entry (return the roster) or the
   * child's record.
   */
  async approve(actor: Actor, rosterId: string): Promise<RosterView> {
    const roster = await this.transactions.run(async (tx) => {
      const reviewed = { status: 'APPROVED' as const, reviewedAt: this.clock.now(), reviewedById: actor.id };
      const { roster: changed } = await this.claim(actor, tx, rosterId, ['SUBMITTED'], reviewed, 'approved');
      const { registered } = await this.repo.registerChildren(tx, rosterId);
      const { confirmed, conflicts } = await this.children.confirmBirthOrders(tx, rosterId);
      // approving is for admins only (the route's @Roles), who may see the confirmed value to decide
      if (conflicts.length) {
        throw new UnprocessableError(
          'Some birth orders contradict the ones already approved for these children',
          conflicts.map((c) => ({
            index: c.rowIndex,
            field: 'birthOrder',
            code: 'BIRTH_ORDER_CONFLICT',
            message: `第 ${c.rowIndex} 行的孩次与该儿童已审核确认的孩次（${c.confirmed}）不一致`,
          })),
          'BIRTH_ORDER_CONFLICT',
        );
      }
      await this.audit.record(tx, {
        action: 'ROSTER_APPROVED',
        entityType: 'Roster',
        entityId: rosterId,
        before: { status: 'SUBMITTED' },
        after: { status: 'APPROVED', childrenRegistered: registered, birthOrdersConfirmed: confirmed },
      });
      return changed;
    }, TX_OPTIONS);
    return this.get(actor, rosterId, { roster });
  }

  async returnRoster(actor: Actor, rosterId: string, reason: string): Promise<RosterView> {
    const roster = await this.transactions.run(async (tx) => {
      const data = { status: 'RETURNED' as const, returnReason: reason, reviewedAt: this.clock.now(), reviewedById: actor.id };
      const { roster: changed } = await this.claim(actor, tx, rosterId, ['SUBMITTED'], data, 'returned');
      await this.audit.record(tx, {
        action: 'ROSTER_RETURNED',
        entityType: 'Roster',
        entityId: rosterId,
        before: { status: 'SUBMITTED' },
        after: { status: 'RETURNED', reason },
      });
      return changed;
    });
    return this.get(actor, rosterId, { roster });
  }

  /**
   * Correction of an approved or locked month: a new version (version + 1) in DRAFT with a copy of the
   * entries; the old version stays untouched. One open correction per institution and month.
   */
  async reopen(actor: Actor, rosterId: string, reason: string): Promise<RosterView> {
    const roster = await this.findAccessible(actor, rosterId);
    this.assertStatus(roster.status, EFFECTIVE_STATUSES, 'reopened');
    const versions = await this.repo.versions(roster.institutionId, roster.month);
    if (versions.some((v) => OPEN_STATUSES.includes(v.status))) {
      throw new ConflictError('CORRECTION_OPEN', 'A correction of this month is already open for this institution; finish it first');
    }
    if (versions[0].version !== roster.version) {
      throw new ConflictError('NOT_LATEST_VERSION', `Version ${versions[0].version} is newer; reopen that one`).with({
        version: versions[0].version,
      });
    }
    const version = roster.version + 1;
    const { id } = await this.uniqueRoster('CORRECTION_OPEN', () =>
      this.transactions.run(async (tx) => {
        const created = await this.repo.createCorrection(tx, roster, actor.id);
        const { entryCount } = created;
        await this.audit.record(tx, {
          action: 'ROSTER_REOPENED',
          entityType: 'Roster',
          entityId: created.id,
          before: { rosterId: roster.id, version: roster.version, status: roster.status },
          after: { status: 'DRAFT', version, entryCount, reason },
        });
        return created;
      }, TX_OPTIONS),
    );
    return this.get(actor, id);
  }

  // ───────────── helpers ─────────────

  private async readFile(file: UploadedRosterFile | undefined) {
    if (!file?.buffer?.length) {
      throw new UnprocessableError('未上传文件', [
        { field: 'file', code: 'REQUIRED', message: '请在 multipart 字段 file 中上传 .xlsx 或 .csv 文件' },
      ]);
    }
    return parseRosterFile(file.buffer, file.originalname ?? '');
  }

  /**
   * Every rule, every row; throws 422 listing all problems (nothing is stored) or returns the entries.
   *
   * A birth order differing from the child's confirmed one: an admin is refused (422 BIRTH_ORDER_CONFLICT naming the
   * confirmed value). An operator is told nothing — the entry is stored as claimed and the reviewer sees the conflict
   * (approval is refused while it stands) — so trying 1–9 for an ID number answers the same for every guess. Each such
   * claim is audited (BIRTH_ORDER_CLAIMS_CONFLICTING: how many, which rows; never the values) and counts against the
   * operator's limit (BirthOrderClaims), checked before anything else: once it is used up every roster write of the
   * operator answers 429, whatever it holds.
   */
  private async checkEntries(
    actor: Actor,
    rows: RawEntry[],
    target: { institutionId: string; month: string; rosterId: string | null },
    approvedSlots: number,
  ): Promise<{ entries: ValidEntry[]; birthOrderConflicts: number; facts: RegistryFacts }> {
    const operator = actor.role !== 'admin';
    if (operator) await this.claims.assertAllowed(actor.id);
    if (rows.length > MAX_ROSTER_ENTRIES) throw tooManyEntries(rows.length);
    const { entries, problems } = validateEntries(rows, { month: target.month, approvedSlots });
    const facts = await this.children.registryFacts(entries.map((e) => e.idNumber));
    const conflicts = birthOrderConflicts(entries, facts.confirmed, { showConfirmed: !operator });
    if (operator && conflicts.length) {
      await this.audit.recordAlone({
        action: 'BIRTH_ORDER_CLAIMS_CONFLICTING',
        entityType: 'Roster',
        entityId: target.rosterId,
        after: {
          institutionId: target.institutionId,
          month: target.month,
          conflicts: conflicts.length,
          rows: conflicts.map((c) => c.index),
        },
      });
      await this.claims.count(actor.id, conflicts.length);
    } else {
      problems.push(...conflicts);
    }
    if (problems.length) {
      throw new UnprocessableError(`The roster has ${problems.length} problem(s); nothing was stored`, sortProblems(problems)).with({
        count: problems.length,
      });
    }
    return { entries, birthOrderConflicts: conflicts.length, facts };
  }

  private async findAccessible(actor: Actor, rosterId: string) {
    const roster = await this.repo.findById(rosterId);
    if (!roster) throw new NotFoundError('Roster');
    assertInstitutionAccess(actor, roster.institutionId, 'Roster');
    return roster;
  }

  private assertStatus(status: RosterStatus, allowed: RosterStatus[], verb: string): void {
    if (allowed.includes(status)) return;
    if (status === 'LOCKED' && verb !== 'reopened') {
      throw new ConflictError(
        'ROSTER_LOCKED',
        `This roster is LOCKED (its month is settled) and cannot be ${verb}; reopen it for a correction`,
      ).with({ verb });
    }
    throw new ConflictError('ROSTER_STATE', `A ${status} roster cannot be ${verb} (only ${allowed.join(' or ')})`).with({
      status,
      verb,
      allowed,
    });
  }

  /**
   * Moves the roster on only if it is still in an allowed status (compare-and-set, row lock held until
   * commit), so a concurrent submit/approve/edit cannot slip in between check and change. The actor's access is
   * checked on the locked row (another institution's roster: 404, as findAccessible; nothing is changed). Returns the
   * old status and the row as changed.
   */
  private async claim(actor: Actor, tx: Tx, rosterId: string, allowed: RosterStatus[], change: StatusChange | null, verb: string) {
    const locked = await this.repo.lockStatus(tx, rosterId);
    if (!locked) throw new NotFoundError('Roster');
    assertInstitutionAccess(actor, locked.institutionId, 'Roster');
    this.assertStatus(locked.status, allowed, verb);
    const roster = await this.repo.moveStatus(tx, rosterId, change ?? { status: locked.status }, this.clock.now());
    return { before: locked.status, roster };
  }

  /** The unique (institution, month, version) index settles races between two creators. */
  private async uniqueRoster<T>(code: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DuplicateRosterError) {
        throw new ConflictError(code, 'Another roster for this institution and month was created at the same time');
      }
      throw error;
    }
  }
}
