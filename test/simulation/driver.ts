import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCreditCode } from '../../src/common/identity/credit-code';
import { buildResidentId } from '../../src/common/identity/resident-id';
import { addMonths, shanghaiToday } from '../../src/common/month';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { uploadRequiredDocuments } from '../utils/filing-documents';
import { AppProcess, ROOT, waitFor } from '../utils/processes';
import type { TestApp } from '../utils/test-app';
import { Client, UnexpectedAnswer } from './client';
import {
  approvedMonthsHold,
  auditChainVerifies,
  finalTotalsEqualRule,
  InvariantContext,
  moneyConserved,
  monthsApprovedInOrder,
  noChildPaidTwice,
  openCorrections,
  settlementAuditConsistent,
  registryAnswer,
  settlementFingerprint,
  Violation,
} from './invariants';
import { Auth, dayOf, MChild, MEntry, MInstitution, Model, MRoster, SettlementStatus } from './model';
import { Rng } from './rng';
import { SharedClock } from './sim-clock';

export interface SimulationOptions {
  seed: number;
  /** simulated months of activity (then up to three quiet months settle every open correction) */
  months: number;
  /** the first simulated month (default 2024-03; the default policy is in force from 2024-01) */
  start?: string;
  /** collect every violation and go on (npm run sim -- --keep-going) instead of stopping at the first */
  keepGoing?: boolean;
  /** where progress lines go (default: nowhere) */
  log?: (line: string) => void;
  /**
   * Temporarily leave out actions that trip a known defect, to exercise the rest of the harness. All OFF by
   * default: the simulation proper does everything.
   */
  avoid?: {
    /** approving filings with a historic `filedOn` (issue 10, defect 1) */
    backdatedFilings?: boolean;
    /** designation ends, birth-order corrections, policy versions and late roster approvals between compute and approval (defects 2, 9) */
    changesBeforeApproval?: boolean;
    /** correcting a child's confirmed birth order at all (defect 9) */
    birthOrderCorrections?: boolean;
    /** settling a month for the first time after a later month was approved (defect 10) */
    lateFirstSettlement?: boolean;
    /** an auditor reading reconciliations (defect 6: the read may close the month) */
    reconciliationReads?: boolean;
    /** publishing and re-running a month at the same moment (defect 11) */
    publishRerunRace?: boolean;
    /** changing an institution's bank account after its month was approved (defect 7) */
    bankChanges?: boolean;
    /** killing the worker process mid-run */
    workerKill?: boolean;
  };
}

export interface SimulationResult {
  seed: number;
  steps: string[];
  violations: (Violation & { step: number })[];
  logFile: string;
}

/** A stopped simulation: its seed, what was violated, and the steps that led there. */
export class SimulationFailure extends Error {
  constructor(
    readonly result: SimulationResult,
    cause: string,
  ) {
    const tail = result.steps.slice(-80);
    super(
      `simulation seed ${result.seed} failed: ${cause}\n` +
        `replay: npm run sim -- --seed ${result.seed}\n` +
        `all ${result.steps.length} steps: ${result.logFile}\n` +
        `last ${tail.length} steps:\n${tail.join('\n')}`,
    );
  }
}

const WORKER_ENV = {
  SETTLEMENT_CHUNK_SIZE: '6',
  SETTLEMENT_TEST_DELAY_MS: '20',
  SETTLEMENT_JOB_LOCK_MS: '2000',
  SETTLEMENT_WORKER_CONCURRENCY: '2',
  SETTLEMENT_CRON: '',
};

/**
 * The seeded random driver: months of ordinary use of the real app (API in this process, settlement workers as a
 * real process on the simulation's clock), every change mirrored in the model once the app accepted it, and the
 * invariants checked after every phase. See docs/simulation.md.
 */
export class Simulation {
  readonly model = new Model();
  readonly steps: string[] = [];
  readonly violations: (Violation & { step: number })[] = [];
  private readonly rng: Rng;
  private readonly client: Client;
  private readonly clock: SharedClock;
  private readonly childIds = new Map<string, string>();
  private readonly start: string;
  private readonly logFile: string;
  private readonly seen = new Set<string>();
  private readonly approvedExports = new Map<string, string>();
  private admin!: Auth;
  private finance!: Auth;
  private auditor!: Auth;
  private worker?: AppProcess;
  private iteration = 0;
  private seq = 0;
  private killDone = false;
  private lateMonth: string | null = null;
  private lateTried = false;

  constructor(
    private readonly t: TestApp,
    private readonly options: SimulationOptions,
  ) {
    this.rng = new Rng(options.seed);
    this.start = options.start ?? '2024-03';
    const dir = join(ROOT, 'test-output');
    mkdirSync(dir, { recursive: true });
    this.logFile = join(dir, `simulation-seed-${options.seed}.log`);
    this.clock = new SharedClock(t.clock, join(dir, `simulation-clock-${process.pid}-${options.seed}.txt`));
    this.client = new Client(t, (text) => this.step(text));
  }

  private get avoid() {
    return this.options.avoid ?? {};
  }

  step(text: string): void {
    const line = `#${this.steps.length + 1} [${shanghaiToday(this.clock.now())}] ${text}`;
    this.steps.push(line);
  }

  result(): SimulationResult {
    writeFileSync(this.logFile, `seed ${this.options.seed}\n${this.steps.join('\n')}\n`);
    return { seed: this.options.seed, steps: this.steps, violations: this.violations, logFile: this.logFile };
  }

  async run(): Promise<SimulationResult> {
    try {
      this.clock.setShanghai(this.start, 1, 9);
      await this.startWorker();
      await this.setup();
      for (this.iteration = 0; this.iteration < this.options.months; this.iteration += 1) {
        const month = addMonths(this.start, this.iteration);
        this.options.log?.(`seed ${this.options.seed}: month ${month}`);
        await this.simulateMonth(month, false);
      }
      await this.settleOut();
    } catch (error) {
      if (error instanceof SimulationFailure) throw error;
      const why = error instanceof UnexpectedAnswer ? `unexpected answer: ${error.message}` : `${(error as Error).stack ?? error}`;
      throw new SimulationFailure(this.result(), why);
    } finally {
      await this.worker?.kill().catch(() => undefined);
    }
    const result = this.result();
    if (this.violations.length && !this.options.keepGoing)
      throw new SimulationFailure(result, this.violations.map((v) => `${v.invariant}: ${v.message}`).join('\n'));
    return result;
  }

  // ───────────── the month ─────────────

  /** One iteration: the clock is in month N = M + 1; month M is reported, settled, approved and paid. */
  private async simulateMonth(month: string, quiet: boolean): Promise<void> {
    const now = addMonths(month, 1);
    this.clock.setShanghai(now, 2, 9);
    this.step(`══ month ${month} (the clock is in ${now}) ══`);
    if (!quiet) await this.registryEvents(month, now);
    await this.check('registry events');

    this.clock.setShanghai(now, 3, 9);
    await this.reportRosters(month, quiet);
    await this.check('rosters');

    this.clock.setShanghai(now, 4, 9);
    if (!quiet) {
      await this.maybeNewPolicy([month, now], 0.12);
      if (!this.avoid.birthOrderCorrections && this.rng.chance(0.2)) await this.correctBirthOrder(null);
    }
    await this.check('policy and birth orders');

    this.clock.setShanghai(now, 6, 9);
    await this.settlePhase(month, quiet);
    await this.check('settlement');

    this.clock.setShanghai(now, 8, 9);
    await this.corrections(quiet);
    await this.check('corrections');

    this.clock.setShanghai(now, 10, 9);
    await this.payments(quiet);
    await this.check('payments');

    this.clock.setShanghai(now, 12, 9);
    if (!quiet) await this.lifeEvents(now);
    await this.check('month end', true);
  }

  /** Up to three quiet months: every late roster approved, every correction settled, then the final invariant. */
  private async settleOut(): Promise<void> {
    let month = addMonths(this.start, this.options.months);
    const last = addMonths(month, -1);
    for (let extra = 0; extra < 3; extra += 1) {
      this.iteration += 1;
      await this.simulateMonth(month, true);
      month = addMonths(month, 1);
      if (!openCorrections(this.model, last).length && this.model.isApproved(addMonths(month, -1))) break;
    }
    const open = openCorrections(this.model, last);
    if (open.length) this.violate({ invariant: 'corrections-settled', message: `still unpaid after the quiet months: ${open.join(', ')}` });
    await this.resolveChildIds();
    this.record(await finalTotalsEqualRule(this.ctx(), this.start, last));
    if (this.violations.length && !this.options.keepGoing) throw new SimulationFailure(this.result(), this.describe());
  }

  // ───────────── invariants ─────────────

  private ctx(): InvariantContext {
    return { t: this.t, model: this.model, childIds: this.childIds, auditor: this.auditor };
  }

  private async check(after: string, full = false): Promise<void> {
    const ctx = this.ctx();
    const found = [
      ...(await approvedMonthsHold(ctx)),
      ...(await noChildPaidTwice(ctx)),
      ...(await moneyConserved(ctx)),
      ...(await monthsApprovedInOrder(ctx)),
    ];
    if (full) found.push(...(await auditChainVerifies(ctx)), ...(await settlementAuditConsistent(ctx)));
    this.record(found);
    if (this.violations.length && !this.options.keepGoing)
      throw new SimulationFailure(this.result(), `after ${after}:\n${this.describe()}`);
  }

  private record(found: Violation[]): void {
    for (const v of found) this.violate(v);
  }

  /** A violation is recorded once (the same message would otherwise repeat after every later step). */
  private violate(v: Violation): void {
    const k = `${v.invariant}|${v.message}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.step(`VIOLATION ${v.invariant}: ${v.message}`);
    this.violations.push({ ...v, step: this.steps.length });
    this.options.log?.(`seed ${this.options.seed} step ${this.steps.length}: ${v.invariant}: ${v.message}`);
  }

  private describe(): string {
    return this.violations.map((v) => `step ${v.step}: ${v.invariant}: ${v.message}`).join('\n');
  }

  // ───────────── people and processes ─────────────

  private async setup(): Promise<void> {
    this.admin = (await this.t.userWithToken('admin')).auth;
    this.finance = (await this.t.userWithToken('finance')).auth;
    this.auditor = (await this.t.userWithToken('auditor')).auth;
    this.step(`seed ${this.options.seed}: ${this.options.months} months from ${this.start}`);
    const before = addMonths(this.start, -2);
    for (let n = 0; n < 4; n += 1) {
      // filed on paper before the system went live; the fourth is not inclusive at first
      const inst = await this.newInstitution(this.avoid.backdatedFilings ? null : dayOf(before, 10 + n), n < 3 ? before : null);
      for (let c = 0; c < this.rng.int(7, 10); c += 1) this.newChild(inst.id, dayOf(before, this.rng.int(1, 28)));
    }
    await this.lifeEvents(this.start);
  }

  private async startWorker(): Promise<void> {
    const worker = AppProcess.source('sim-worker', join(__dirname, 'sim-worker.ts'), { ...WORKER_ENV, SIM_CLOCK_FILE: this.clock.file });
    await waitFor(
      'the simulation worker to start',
      async () => {
        if (worker.proc.exitCode !== null) throw new Error(`sim-worker exited:\n${worker.output}`);
        return worker.output.includes('sim-worker ready');
      },
      120_000,
    );
    this.worker = worker;
    this.step(`worker process ${worker.pid} started`);
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  // ───────────── registry ─────────────

  /** Admin registers an institution, its operator submits, the admin approves (with a historic filedOn when given). */
  private async newInstitution(filedOn: string | null, inclusiveFrom: string | null): Promise<MInstitution> {
    const n = this.nextSeq();
    const name = `模拟托育中心${this.options.seed}-${n}`;
    const org = String((this.options.seed * 7919 + n * 104729) % 1e8).padStart(8, '0');
    const created = await this.client.send(
      `admin registers ${name}`,
      () =>
        this.client.post('/api/v1/institutions', this.admin, {
          name,
          creditCode: buildCreditCode('52', '371523', org),
          kind: 'PRIVATE',
          township: 'CP-SIM',
          address: `茌平区模拟路${n}号`,
          approvedSlots: 300,
          bankAccount: { bankName: '中国农业银行茌平支行', accountName: name, accountNumber: `62284800${String(n).padStart(8, '0')}` },
        }),
      [201],
    );
    const id = created.body.id as string;
    const operator = (await this.t.userWithToken('operator', id)).auth;
    // a filing is submitted with its materials (FILING_INCOMPLETE otherwise)
    await uploadRequiredDocuments(this.t, operator, id);
    await this.client.send(
      `${name}: operator submits the filing`,
      () => this.client.post(`/api/v1/institutions/${id}/submit`, operator),
      [200],
    );
    let month = this.today().slice(0, 7);
    let approved = false;
    if (filedOn) {
      const locked = this.model.approvedMonths().some((m) => m >= filedOn.slice(0, 7));
      const res = await this.client.send(
        `${name}: admin approves the paper filing of ${filedOn}`,
        () => this.client.post(`/api/v1/institutions/${id}/approve`, this.admin, { filedOn }),
        [200, 409],
      );
      if (res.status === 200 && locked)
        this.violate({
          invariant: 'registry-answer-unchanged',
          message: `${name}: a filing dated ${filedOn} was accepted into an approved month`,
        });
      if (res.status === 200) {
        approved = true;
        month = filedOn.slice(0, 7);
      }
    }
    if (!approved)
      await this.client.send(
        `${name}: admin approves the filing`,
        () => this.client.post(`/api/v1/institutions/${id}/approve`, this.admin, {}),
        [200],
      );
    const inst: MInstitution = { id, name, operator, status: 'FILED', timeline: [{ month, status: 'FILED' }], designations: new Map() };
    this.model.institutions.set(id, inst);
    if (inclusiveFrom) await this.designate(inst, inclusiveFrom < month ? month : inclusiveFrom, true);
    return inst;
  }

  /** POST …/inclusive; the app may refuse a month that is settled (409 MONTH_LOCKED): the model changes only on 200. */
  private async designate(inst: MInstitution, from: string, inclusive: boolean): Promise<boolean> {
    const body = inclusive
      ? { guidancePriceFen: 100000 + 1000 * this.rng.int(0, 20), effectiveFrom: from }
      : { inclusive: false, effectiveFrom: from };
    const res = await this.client.send(
      `${inst.name}: admin ${inclusive ? 'designates it inclusive' : 'ends the inclusive designation'} from ${from}`,
      () => this.client.post(`/api/v1/institutions/${inst.id}/inclusive`, this.admin, body),
      [200, 409],
    );
    if (res.status === 200) inst.designations.set(from, inclusive);
    return res.status === 200;
  }

  private filedInstitutions(): MInstitution[] {
    return [...this.model.institutions.values()].filter((i) => i.status === 'FILED');
  }

  /** Day 2 of month N: filings (some on paper, dated in M), designations and their ends, suspensions, reinstatements, closures. */
  private async registryEvents(month: string, now: string): Promise<void> {
    if (this.model.institutions.size < 9 && this.rng.chance(0.3)) {
      const backdated = !this.avoid.backdatedFilings && this.rng.chance(0.6);
      const filedOn = backdated ? dayOf(this.rng.chance(0.25) ? addMonths(month, -1) : month, this.rng.int(1, 20)) : null;
      const inst = await this.newInstitution(filedOn, this.rng.chance(0.85) ? (filedOn?.slice(0, 7) ?? now) : null);
      const enrolFrom = filedOn ? dayOf(filedOn.slice(0, 7), Number(filedOn.slice(8)) + 1) : dayOf(now, 5);
      for (let c = 0; c < this.rng.int(3, 6); c += 1) this.newChild(inst.id, enrolFrom);
    }
    const filed = this.filedInstitutions();
    const notInclusive = filed.filter((i) => !this.model.inclusive(i.id, now));
    if (notInclusive.length && this.rng.chance(0.3)) await this.designate(this.rng.pick(notInclusive), this.rng.pick([month, now]), true);
    const inclusive = filed.filter((i) => this.model.inclusive(i.id, now));
    if (inclusive.length > 2 && this.rng.chance(0.15)) await this.designate(this.rng.pick(inclusive), this.rng.pick([month, now]), false);

    for (const inst of [...this.model.institutions.values()].filter((i) => i.status === 'SUSPENDED'))
      if (this.rng.chance(0.5)) await this.transition(inst, 'reinstate', 'FILED');
    if (filed.length > 3 && this.rng.chance(0.12)) await this.transition(this.rng.pick(filed), 'suspend', 'SUSPENDED');
    if (filed.length > 4 && this.iteration > 4 && this.rng.chance(0.06)) {
      const closing = this.rng.pick(filed);
      await this.transition(closing, 'close', 'CLOSED');
      const to = this.rng.pick(this.filedInstitutions());
      for (const child of this.model.children.values()) {
        const open = child.stints.at(-1)!;
        if (open.institutionId === closing.id && open.to === null) {
          open.to = dayOf(now, 2);
          child.stints.push({ institutionId: to.id, from: dayOf(now, 2), to: null });
        }
      }
    }
  }

  private async transition(inst: MInstitution, action: 'suspend' | 'reinstate' | 'close', to: 'FILED' | 'SUSPENDED' | 'CLOSED') {
    const body =
      action === 'close'
        ? { reason: '举办者申请停止办学', childrenArrangement: '在托儿童已转入本区其他托育机构' }
        : { reason: '模拟：监督检查' };
    await this.client.send(
      `${inst.name}: admin ${action}s it`,
      () => this.client.post(`/api/v1/institutions/${inst.id}/${action}`, this.admin, body),
      [200],
    );
    inst.status = to;
    inst.timeline.push({ month: this.today().slice(0, 7), status: to });
  }

  // ───────────── children ─────────────

  private newChild(institutionId: string, from: string): MChild {
    const n = this.nextSeq();
    // born 2 to 34 months before enrolment: some age out during the run
    const ageMonths = this.rng.int(2, 34);
    const birthMonth = addMonths(from.slice(0, 7), -ageMonths);
    const birthDate = dayOf(birthMonth, this.rng.int(1, 28));
    const idNumber = buildResidentId(birthDate, n % 1000, String(371500 + (Math.floor(n / 1000) % 99)));
    const child: MChild = {
      idNumber,
      name: `测试儿童${this.options.seed}${String(n).padStart(4, '0')}`,
      birthDate,
      order: this.rng.pick([1, 2, 2, 2, 3, 3, 4]),
      stints: [{ institutionId, from, to: null }],
      attendance: new Map(),
    };
    this.model.children.set(idNumber, child);
    return child;
  }

  /** Day 12 of month N: transfers between institutions, withdrawals and new enrolments during N. */
  private async lifeEvents(now: string): Promise<void> {
    const filed = this.filedInstitutions();
    const enrolled = [...this.model.children.values()].filter((c) => {
      const s = c.stints.at(-1)!;
      return s.to === null && s.from < dayOf(now, 1);
    });
    for (const child of this.rng.shuffle(enrolled).slice(0, this.rng.int(1, 3))) {
      const current = child.stints.at(-1)!;
      const targets = filed.filter((i) => i.id !== current.institutionId);
      if (!targets.length) continue;
      const day = dayOf(now, this.rng.int(5, 25));
      const to = this.rng.pick(targets);
      current.to = day;
      child.stints.push({ institutionId: to.id, from: day, to: null });
      this.step(`${child.name} moves from ${this.model.institutions.get(current.institutionId)!.name} to ${to.name} on ${day}`);
    }
    const staying = [...this.model.children.values()].filter((c) => c.stints.at(-1)!.to === null && c.stints.at(-1)!.from < dayOf(now, 1));
    for (const child of this.rng.shuffle(staying).slice(0, this.rng.int(0, 2))) {
      child.stints.at(-1)!.to = dayOf(now, this.rng.int(3, 27));
      this.step(`${child.name} leaves on ${child.stints.at(-1)!.to}`);
    }
    for (let n = 0; n < this.rng.int(1, 4) && filed.length; n += 1) {
      const child = this.newChild(this.rng.pick(filed).id, dayOf(now, this.rng.int(1, 20)));
      this.step(`${child.name} enrols at ${this.model.institutions.get(child.stints[0].institutionId)!.name} on ${child.stints[0].from}`);
    }
  }

  private async resolveChildIds(): Promise<void> {
    const missing = [...this.model.children.keys()].filter((id) => !this.childIds.has(id));
    if (!missing.length) return;
    const cipher = this.t.app.get(PiiCipher);
    const byHash = new Map(missing.map((idNumber) => [cipher.hmac(idNumber), idNumber]));
    const rows = await this.t.prisma.child.findMany({ where: { idHash: { in: [...byHash.keys()] } }, select: { id: true, idHash: true } });
    for (const r of rows) this.childIds.set(byHash.get(r.idHash)!, r.id);
  }

  /** An admin corrects a confirmed birth order (a child on no open roster, optionally on `month`'s rosters). */
  private async correctBirthOrder(month: string | null): Promise<boolean> {
    await this.resolveChildIds();
    const open = this.model.childrenOnOpenRosters();
    const onMonth = month ? new Set(this.model.effectiveRosters(month).flatMap((r) => r.entries.map((e) => e.idNumber))) : null;
    const confirmed = new Set(
      this.model
        .allRosters()
        .filter((r) => r.status === 'APPROVED' || r.status === 'LOCKED')
        .flatMap((r) => r.entries.map((e) => e.idNumber)),
    );
    const candidates = [...confirmed].filter((id) => !open.has(id) && this.childIds.has(id) && (!onMonth || onMonth.has(id)));
    if (!candidates.length) return false;
    const child = this.model.children.get(this.rng.pick(candidates))!;
    const order = this.rng.pick([1, 2, 3].filter((o) => o !== child.order));
    const res = await this.client.send(
      `admin corrects ${child.name}'s birth order ${child.order} → ${order}`,
      () =>
        this.client.patch(`/api/v1/children/${this.childIds.get(child.idNumber)}/birth-order`, this.admin, {
          birthOrder: order,
          reason: '户籍核查更正孩次',
        }),
      [200, 409],
    );
    if (res.status !== 200) return false;
    child.order = order;
    return true;
  }

  // ───────────── policy ─────────────

  private policyBody(from: string) {
    return {
      effectiveFrom: from,
      secondChildFen: this.rng.pick([30000, 32000, 35000]),
      thirdChildFen: this.rng.pick([40000, 42000, 45000]),
      minAttendanceDays: this.rng.pick([1, 1, 2, 3]),
      maxAgeMonths: 36,
    };
  }

  private async maybeNewPolicy(months: string[], p: number): Promise<boolean> {
    if (!this.rng.chance(p)) return false;
    const from = this.rng.pick(months);
    const body = this.policyBody(from);
    const exists = this.model.policies.some((x) => x.effectiveFrom === from);
    const touches = this.model.policyWouldTouchApproved(from);
    const res = await this.client.send(
      `admin adds policy ${JSON.stringify(body)}`,
      () => this.client.post('/api/v1/subsidy-policies', this.admin, body),
      exists || touches ? [409] : [201],
    );
    if (res.status === 201) this.model.policies.push(body);
    return res.status === 201;
  }

  // ───────────── rosters ─────────────

  private today(): string {
    return shanghaiToday(this.clock.now());
  }

  private entryDto(e: MEntry) {
    const child = this.model.children.get(e.idNumber)!;
    return {
      idNumber: e.idNumber,
      name: child.name,
      birthOrder: e.birthOrder,
      guardianName: '模拟家长',
      guardianPhone: '13700001111',
      enrolledOn: e.enrolledOn,
      withdrawnOn: e.withdrawnOn,
      attendanceDays: e.attendanceDays,
    };
  }

  private attendance(maxDays: number): number {
    if (this.rng.chance(0.08)) return 0;
    return Math.min(maxDays, this.rng.int(1, 22));
  }

  /** Day 3 of N: every FILED institution reports M; most are approved, some returned and corrected, some left late. */
  private async reportRosters(month: string, quiet: boolean): Promise<void> {
    for (const inst of this.filedInstitutions()) {
      if (this.model.rosterVersions(inst.id, month).length) continue;
      const entries = this.model.entriesFor(inst.id, month, (max) => this.attendance(max));
      if (!entries.length) continue;
      const path = `/api/v1/institutions/${inst.id}/rosters`;
      const body = { month, entries: entries.map((e) => this.entryDto(e)) };
      const locked = this.model.isApproved(month);
      let res;
      if (!locked && this.rng.chance(0.1)) {
        const both = await this.client.twice(
          `${inst.name}: operator submits the ${month} roster`,
          () => this.client.post(path, inst.operator, body),
          [201, 409],
        );
        const created = both.filter((r) => r.status === 201);
        if (created.length !== 1)
          this.violate({ invariant: 'double-click', message: `${month} ${inst.name}: a double click created ${created.length} rosters` });
        res = created[0] ?? both[0];
      } else {
        res = await this.client.send(
          `${inst.name}: operator submits the ${month} roster (${entries.length} children)`,
          () => this.client.post(path, inst.operator, body),
          locked ? [409] : [201],
        );
      }
      if (res.status !== 201) continue;
      const roster: MRoster = { id: res.body.id, institutionId: inst.id, month, version: res.body.version ?? 1, status: 'DRAFT', entries };
      this.model.addRoster(roster);
      const r = quiet ? 0 : this.rng.next();
      if (r > 0.97) continue; // left as a draft, never sent
      await this.submit(roster);
      if (r < 0.78) await this.approveRoster(roster);
      else if (r < 0.9) {
        await this.returnRoster(roster);
        await this.resubmitCorrected(roster);
        await this.approveRoster(roster);
      } // else: late, approved on some later day
    }
    await this.resolveChildIds();
  }

  private async submit(roster: MRoster): Promise<void> {
    const inst = this.model.institutions.get(roster.institutionId)!;
    await this.client.send(
      `${inst.name}: operator sends ${roster.month} v${roster.version} for review`,
      () => this.client.post(`/api/v1/rosters/${roster.id}/submit`, inst.operator),
      [200],
    );
    roster.status = 'SUBMITTED';
  }

  private async approveRoster(roster: MRoster): Promise<void> {
    const inst = this.model.institutions.get(roster.institutionId)!;
    await this.client.send(
      `admin approves ${inst.name} ${roster.month} v${roster.version}`,
      () => this.client.post(`/api/v1/rosters/${roster.id}/approve`, this.admin),
      [200],
    );
    roster.status = 'APPROVED';
  }

  private async returnRoster(roster: MRoster): Promise<void> {
    const inst = this.model.institutions.get(roster.institutionId)!;
    await this.client.send(
      `admin returns ${inst.name} ${roster.month} v${roster.version}`,
      () => this.client.post(`/api/v1/rosters/${roster.id}/return`, this.admin, { reason: '出勤天数与考勤记录不符' }),
      [200],
    );
    roster.status = 'RETURNED';
  }

  /** The operator fixes a returned (or reopened) roster: attendance corrected for one child, current birth orders; then sends it again. */
  private async resubmitCorrected(roster: MRoster, changes = 1): Promise<void> {
    const inst = this.model.institutions.get(roster.institutionId)!;
    let entries = roster.entries.map((e) => ({ ...e, birthOrder: this.model.children.get(e.idNumber)!.order }));
    for (let change = 0; change < changes && entries.length; change += 1) {
      const i = this.rng.int(0, entries.length - 1);
      const child = this.model.children.get(entries[i].idNumber)!;
      if (entries.length > 1 && this.rng.chance(0.3)) {
        // the child was never there that month
        this.step(`${inst.name} ${roster.month}: ${child.name} is removed from the roster`);
        const stint = child.stints.find((s) => s.institutionId === inst.id && s.from === entries[i].enrolledOn);
        if (stint && roster.month === stint.from.slice(0, 7) && stint.to === null) stint.from = dayOf(addMonths(roster.month, 1), 1);
        entries = entries.filter((_, n) => n !== i);
      } else {
        const key = `${inst.id}|${roster.month}`;
        const max = entries[i].attendanceDays;
        const days = this.rng.chance(0.5) ? 0 : Math.max(0, max - this.rng.int(1, 5));
        child.attendance.set(key, days);
        entries[i] = { ...entries[i], attendanceDays: days };
        this.step(`${inst.name} ${roster.month}: ${child.name}'s attendance ${max} → ${days}`);
      }
    }
    await this.client.send(
      `${inst.name}: operator corrects ${roster.month} v${roster.version}`,
      () => this.client.put(`/api/v1/rosters/${roster.id}`, inst.operator, { entries: entries.map((e) => this.entryDto(e)) }),
      [200],
    );
    roster.entries = entries;
    await this.submit(roster);
  }

  /** Day 8 of N: an approved month's roster reopened and corrected; late rosters approved. */
  private async corrections(quiet: boolean): Promise<void> {
    if (!quiet && this.rng.chance(0.45)) {
      const candidates = this.model
        .allRosters()
        .filter((r) => r.status === 'LOCKED' && this.model.isApproved(r.month) && r === this.latest(r))
        .filter((r) => !r.entries.some((e) => this.model.childrenOnOpenRosters().has(e.idNumber)));
      // institutions that no longer report (suspended, closed) have nothing to offset a negative correction against: it is carried forward
      const gone = candidates.filter((r) => this.model.institutions.get(r.institutionId)!.status !== 'FILED');
      if (candidates.length) {
        const old = this.rng.pick(gone.length && this.rng.chance(0.6) ? gone : candidates);
        const inst = this.model.institutions.get(old.institutionId)!;
        const res = await this.client.send(
          `admin reopens ${inst.name} ${old.month} v${old.version} for correction`,
          () => this.client.post(`/api/v1/rosters/${old.id}/reopen`, this.admin, { reason: '核查发现出勤记录有误' }),
          [201],
        );
        const roster: MRoster = {
          id: res.body.id,
          institutionId: old.institutionId,
          month: old.month,
          version: res.body.version,
          status: 'DRAFT',
          entries: old.entries.map((e) => ({ ...e })),
        };
        this.model.addRoster(roster);
        if (this.rng.chance(0.3)) {
          // an inspection finds the month's attendance was never real: nothing was owed for it, the overpayment is offset later
          this.step(`${inst.name} ${roster.month}: every child's attendance is set to 0`);
          roster.entries = roster.entries.map((e) => ({ ...e, attendanceDays: 0 }));
          for (const e of roster.entries) this.model.children.get(e.idNumber)!.attendance.set(`${inst.id}|${roster.month}`, 0);
          await this.resubmitCorrected(roster, 0);
        } else {
          await this.resubmitCorrected(roster, this.rng.int(1, 4));
        }
        if (this.rng.chance(0.85)) await this.approveRoster(roster);
      }
    }
    for (const roster of this.model.allRosters().filter((r) => r.status === 'SUBMITTED' || r.status === 'RETURNED')) {
      if (!quiet && this.rng.chance(0.4)) continue;
      if (roster.status === 'RETURNED') await this.resubmitCorrected(roster, 0);
      await this.approveRoster(roster);
    }
    await this.resolveChildIds();
  }

  private latest(r: MRoster): MRoster {
    return this.model.rosterVersions(r.institutionId, r.month).at(-1)!;
  }

  /** roster statuses as the app has them (approval locks what it paid from) */
  private async syncRosters(): Promise<void> {
    const rosters = this.model.allRosters();
    const rows = await this.t.prisma.roster.findMany({
      where: { id: { in: rosters.map((r) => r.id) } },
      select: { id: true, status: true },
    });
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const r of rosters) r.status = status.get(r.id) ?? r.status;
  }

  // ───────────── settlement ─────────────

  private settlementStatus(month: string): SettlementStatus | undefined {
    return this.model.settlements.get(month)?.status;
  }

  /** Day 6 of N: earlier months still open are finished first (sometimes after trying M out of order), then M. */
  private async settlePhase(month: string, quiet: boolean): Promise<void> {
    const pending = [...this.model.settlements.values()]
      .filter((s) => s.month < month && !this.model.isApproved(s.month))
      .map((s) => s.month)
      .sort();
    if (!quiet && !this.avoid.lateFirstSettlement && !this.lateMonth && this.iteration >= 3 && this.rng.chance(0.12) && !pending.length) {
      this.lateMonth = month;
      this.step(`${month} is not settled now (its first settlement comes after a later month's)`);
      return;
    }
    if (pending.length && this.rng.chance(0.5)) {
      // the admin tries the new month first: refused while an earlier one is open
      const id = await this.runMonth(month, quiet);
      await this.publish(id, month);
      await this.client.send(
        `admin approves ${month} before ${pending.join(', ')}`,
        () => this.client.post(`/api/v1/settlements/${id}/approve`, this.admin),
        [409],
      );
    }
    for (const m of pending) await this.approveMonth(m, quiet);
    if (!quiet && this.rng.chance(0.1)) {
      await this.runMonth(month, quiet);
      this.step(`${month} is left unapproved until later`);
    } else {
      await this.approveMonth(month, quiet);
    }
    if (this.lateMonth && !this.lateTried && this.lateMonth < month && this.model.isApproved(month)) {
      this.lateTried = true;
      const res = await this.client.send(
        `admin settles ${this.lateMonth} for the first time, after ${month} was approved`,
        () => this.client.post('/api/v1/settlements', this.admin, { month: this.lateMonth }),
        [202, 409],
      );
      if (res.status === 202) {
        this.model.settlements.set(this.lateMonth, { id: res.body.id, month: this.lateMonth, status: 'QUEUED' });
        await this.waitComputed(res.body.id, this.lateMonth);
        await this.approveMonth(this.lateMonth, true);
      }
    }
  }

  /** The month skipped on purpose gets its settlement now (the app refused to go on without it). */
  private async settleSkippedMonth(): Promise<void> {
    const month = this.lateMonth!;
    this.lateTried = true;
    this.step(`the app wants ${month} settled first: settling it now`);
    await this.approveMonth(month, true);
  }

  /** POST /settlements (sometimes a double click, once per run a worker killed mid-run), then waits for COMPUTED. */
  private async runMonth(month: string, quiet: boolean): Promise<string> {
    const make = () => this.client.post('/api/v1/settlements', this.admin, { month });
    if (this.lateMonth && !this.lateTried && this.lateMonth < month && !this.model.settlements.has(month)) {
      // the app may insist that months are settled without gaps: then the skipped month is settled first
      const first = await this.client.send(`admin runs the ${month} settlement while ${this.lateMonth} has none`, make, [202, 409]);
      if (first.status === 409) {
        await this.settleSkippedMonth();
        return this.runMonth(month, quiet);
      }
      this.model.settlements.set(month, { id: first.body.id, month, status: 'QUEUED' });
      await this.waitComputed(first.body.id, month);
      return first.body.id as string;
    }
    let id: string;
    if (!quiet && this.rng.chance(0.3)) {
      const [a, b] = await this.client.twice(`admin runs the ${month} settlement`, make, [202]);
      if (a.body.id !== b.body.id || a.body.run !== b.body.run)
        this.violate({
          invariant: 'double-click',
          message: `${month}: a double click on POST /settlements started two runs (${a.body.run}, ${b.body.run})`,
        });
      id = a.body.id;
    } else {
      id = (await this.client.send(`admin runs the ${month} settlement`, make, [202])).body.id;
    }
    const known = this.model.settlements.get(month);
    if (known) Object.assign(known, { id, status: 'QUEUED' });
    else this.model.settlements.set(month, { id, month, status: 'QUEUED' });
    if (!quiet && !this.killDone && !this.avoid.workerKill && this.iteration >= 2) await this.killWorkerMidRun(id);
    await this.waitComputed(id, month);
    return id;
  }

  private async killWorkerMidRun(id: string): Promise<void> {
    const midway = await waitFor(
      'the run to start',
      async () => {
        const s = await this.t.prisma.settlement.findUniqueOrThrow({ where: { id } });
        if (s.status === 'COMPUTED' || s.status === 'FAILED') return 'over';
        return s.status === 'RUNNING' && s.progressDone >= 1 && s.progressDone < s.progressTotal ? 'midway' : null;
      },
      60_000,
      10,
    );
    if (midway !== 'midway') return;
    const s = await this.t.prisma.settlement.findUniqueOrThrow({ where: { id } });
    await this.worker!.kill('SIGKILL');
    this.step(`worker process ${this.worker!.pid} killed with SIGKILL at ${s.progressDone}/${s.progressTotal} chunks`);
    this.killDone = true;
    await this.startWorker();
  }

  private async waitComputed(id: string, month: string): Promise<void> {
    const s = await waitFor(
      `the ${month} settlement to be computed`,
      async () => {
        const row = await this.t.prisma.settlement.findUniqueOrThrow({ where: { id } });
        return row.status === 'COMPUTED' || row.status === 'FAILED' ? row : null;
      },
      180_000,
      50,
    );
    this.step(
      `${month} run ${s.run}: ${s.status}${s.failureReason ? ` (${s.failureReason})` : ''}, ${s.paidChildren} children paid, ${s.amountFen} fen`,
    );
    if (s.status === 'FAILED') throw new UnexpectedAnswer(`the ${month} settlement FAILED: ${s.failureReason}`);
    this.model.settlements.get(month)!.status = 'COMPUTED';
  }

  private async publish(id: string, month: string): Promise<void> {
    const make = () => this.client.post(`/api/v1/settlements/${id}/publish`, this.admin);
    if (this.rng.chance(0.3)) {
      const both = await this.client.twice(`admin publishes ${month}`, make, [200, 409]);
      if (both.filter((r) => r.status === 200).length !== 1)
        this.violate({
          invariant: 'double-click',
          message: `${month}: a double click on publish answered ${both.map((r) => r.status).join(', ')}`,
        });
    } else {
      await this.client.send(`admin publishes ${month}`, make, [200]);
    }
    this.model.settlements.get(month)!.status = 'PUBLISHED';
  }

  /**
   * Runs M if needed, sometimes changes its facts after compute (a designation ended, a policy version, a birth
   * order corrected, a late roster approved), sometimes re-runs, publishes and approves — again after 409
   * SETTLEMENT_STALE, as the message tells the admin.
   */
  private async approveMonth(month: string, quiet: boolean): Promise<void> {
    let s = this.model.settlements.get(month);
    if (!s || s.status === 'FAILED' || s.status === 'QUEUED' || s.status === 'RUNNING') await this.runMonth(month, quiet);
    s = this.model.settlements.get(month)!;
    if (!quiet && !this.avoid.changesBeforeApproval && this.rng.chance(0.4)) await this.changeAfterCompute(month);
    if (!quiet && this.rng.chance(0.12)) await this.runMonth(month, quiet);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (!quiet && attempt === 0 && s.status === 'COMPUTED' && !this.avoid.publishRerunRace && this.rng.chance(0.1)) {
        // publish and re-run at the same moment (two admins): either order is fine, the trail must tell which
        const id = s.id;
        await Promise.all([
          this.client.send(
            `admin publishes ${month} while it is re-run`,
            () => this.client.post(`/api/v1/settlements/${id}/publish`, this.admin),
            [200, 409],
          ),
          this.client.send(
            `admin re-runs ${month} while it is published`,
            () => this.client.post('/api/v1/settlements', this.admin, { month }),
            [202],
          ),
        ]);
        s.status = 'QUEUED';
        await this.waitComputed(id, month);
      }
      if (s.status === 'COMPUTED') await this.publish(s.id, month);
      if (!quiet && attempt === 0 && this.rng.chance(0.1)) {
        // re-run after the notice was published: recomputed under the same id, published again
        await this.runMonth(month, quiet);
        continue;
      }
      const make = () => this.client.post(`/api/v1/settlements/${s.id}/approve`, this.admin);
      let answers;
      const race =
        !quiet &&
        !this.avoid.changesBeforeApproval &&
        attempt === 0 &&
        !this.model.policies.some((p) => p.effectiveFrom === month) &&
        this.rng.chance(0.1);
      if (race) {
        // a new policy version for the month posted at the same moment as the approval: one of them must lose
        const body = this.policyBody(month);
        const [policy, approval] = await Promise.all([
          this.client.send(
            `admin adds policy ${JSON.stringify(body)} while ${month} is approved`,
            () => this.client.post('/api/v1/subsidy-policies', this.admin, body),
            [201, 409],
          ),
          this.client.send(`admin approves ${month} while a policy is added`, make, [200, 409]),
        ]);
        if (policy.status === 201) this.model.policies.push(body);
        answers = [approval];
      } else if (!quiet && this.rng.chance(0.3)) answers = await this.client.twice(`admin approves ${month}`, make, [200, 409]);
      else answers = [await this.client.send(`admin approves ${month}`, make, [200, 409])];
      const ok = answers.filter((r) => r.status === 200);
      if (ok.length > 1) this.violate({ invariant: 'double-click', message: `${month}: a double click approved it twice` });
      if (ok.length) {
        await this.onApproved(month);
        return;
      }
      const codes = answers.map((r) => r.body.code as string);
      if (!codes.includes('SETTLEMENT_STALE') && this.lateMonth && !this.lateTried && this.lateMonth < month) {
        // refused while the skipped month has no settlement: settle it first, then this month again
        await this.settleSkippedMonth();
        await this.runMonth(month, quiet);
        continue;
      }
      if (!codes.includes('SETTLEMENT_STALE')) throw new UnexpectedAnswer(`approving ${month} was refused with ${codes.join(', ')}`);
      await this.runMonth(month, quiet);
    }
    throw new UnexpectedAnswer(`${month} could not be approved in 5 attempts`);
  }

  /** Something changes between compute and approval; approval must then refuse (stale) or pay the new facts. */
  private async changeAfterCompute(month: string): Promise<void> {
    const late = this.model.allRosters().filter((r) => r.month === month && r.status === 'SUBMITTED');
    let kind = this.rng.pick(['designation', 'designation', 'policy', 'birthOrder', 'lateRoster'] as const);
    if (kind === 'lateRoster' && !late.length) kind = 'designation';
    this.step(`between compute and approval of ${month}: ${kind}`);
    if (kind === 'designation') {
      const withRoster = this.model
        .effectiveRosters(month)
        .map((r) => r.institutionId)
        .filter((id) => this.model.eligible(id, month));
      if (withRoster.length) await this.designate(this.model.institutions.get(this.rng.pick(withRoster))!, month, false);
    } else if (kind === 'policy') {
      await this.maybeNewPolicy([month], 1);
    } else if (kind === 'birthOrder') {
      if (!this.avoid.birthOrderCorrections) await this.correctBirthOrder(month);
    } else {
      await this.approveRoster(this.rng.pick(late));
    }
  }

  /** The model takes the month's facts now as its approved snapshot, and remembers what the app said. */
  private async onApproved(month: string): Promise<void> {
    const s = this.model.settlements.get(month)!;
    s.status = 'APPROVED';
    await this.syncRosters();
    await this.resolveChildIds();
    s.approvedLines = this.model.ruleLines(month, this.childIds);
    s.approvedEligibility = await registryAnswer(this.t, month, [...this.model.institutions.keys()]);
    const previous = this.model.approvedMonths().filter((m) => m < month);
    s.skippedEligibility = new Map();
    if (previous.length)
      for (let m = addMonths(previous[previous.length - 1], 1); m < month; m = addMonths(m, 1))
        if (!this.model.settlements.has(m))
          s.skippedEligibility.set(m, await registryAnswer(this.t, m, [...this.model.institutions.keys()]));
    s.approvedFingerprint = await settlementFingerprint(this.t, s.id);
    // the registry must answer what the filing history and designations say (a hint for the lines' invariant)
    const differs = [...this.model.institutions.values()].filter((i) => {
      const answer = JSON.parse(s.approvedEligibility!.get(i.id) ?? '{}') as { filed?: boolean; inclusive?: boolean };
      return answer.filed !== this.model.filed(i.id, month) || answer.inclusive !== this.model.inclusive(i.id, month);
    });
    if (differs.length)
      this.violate({
        invariant: 'registry-agrees-with-history',
        message: `${month}: the registry's eligibility differs from the recorded filings and designations for ${differs
          .map(
            (i) =>
              `${i.name} (registry ${s.approvedEligibility!.get(i.id)}, history filed=${this.model.filed(i.id, month)} inclusive=${this.model.inclusive(i.id, month)})`,
          )
          .join('; ')}`,
      });
    this.approvedExports.set(month, await this.exportText(s.id, month));
    const row = await this.t.prisma.settlement.findUniqueOrThrow({ where: { id: s.id } });
    const carry = await this.t.prisma.settlementInstitution.aggregate({
      where: { settlementId: s.id },
      _sum: { carriedInFen: true, carriedForwardFen: true, adjustmentFen: true },
    });
    this.step(
      `${month} APPROVED: ${row.paidChildren} children, ${row.amountFen} fen; adjustments ${carry._sum.adjustmentFen ?? 0}, carried in ${carry._sum.carriedInFen ?? 0}, carried forward ${carry._sum.carriedForwardFen ?? 0}`,
    );
  }

  // ───────────── payments ─────────────

  /** An auditor reads an approved month's reconciliation: a read changes nothing (no status, no audit entry). */
  private async readReconciliation(): Promise<void> {
    const approved = [...this.model.settlements.values()].filter((x) => x.status === 'APPROVED' || x.status === 'PAID');
    if (!approved.length) return;
    const s = this.rng.pick(approved);
    const before = await this.t.prisma.settlement.findUniqueOrThrow({ where: { id: s.id }, select: { status: true } });
    const entries = await this.t.prisma.auditLog.count();
    await this.client.send(
      `auditor reads the ${s.month} reconciliation`,
      () => this.client.get(`/api/v1/settlements/${s.id}/reconciliation`, this.auditor),
      [200],
    );
    const after = await this.t.prisma.settlement.findUniqueOrThrow({ where: { id: s.id }, select: { status: true } });
    const entriesAfter = await this.t.prisma.auditLog.count();
    if (after.status !== before.status || entriesAfter !== entries)
      this.violate({
        invariant: 'reads-change-nothing',
        message: `${s.month}: reading the reconciliation moved it ${before.status} → ${after.status} and wrote ${entriesAfter - entries} audit entr(ies)`,
      });
    s.status = after.status as SettlementStatus;
  }

  /** The payment file (CSV) without its generation time and author: institution rows and totals only. */
  private async exportText(id: string, month: string): Promise<string> {
    const res = await this.client.send(
      `finance downloads the ${month} payment file`,
      () => this.client.get(`/api/v1/settlements/${id}/export?format=csv`, this.finance),
      [200],
    );
    return String(res.text)
      .split(/\r?\n/)
      .filter((line) => !line.includes('生成时间') && !line.includes('生成人'))
      .join('\n');
  }

  /** Sometimes an admin changes an institution's bank account after approval: the approved month's payment file must not change. */
  private async bankChange(): Promise<void> {
    const open = [...this.model.settlements.values()].filter((x) => x.status === 'APPROVED');
    if (!open.length) return;
    const s = this.rng.pick(open);
    const parts = await this.t.prisma.settlementInstitution.findMany({ where: { settlementId: s.id, amountFen: { gt: 0 } } });
    if (!parts.length) return;
    const inst = this.model.institutions.get(this.rng.pick(parts).institutionId)!;
    const n = this.nextSeq();
    await this.client.send(
      `admin changes ${inst.name}'s bank account after ${s.month} was approved`,
      () =>
        this.client.patch(`/api/v1/institutions/${inst.id}`, this.admin, {
          bankAccount: { bankName: '中国建设银行茌平支行', accountName: inst.name, accountNumber: `62270000${String(n).padStart(8, '0')}` },
        }),
      [200],
    );
    if ((await this.exportText(s.id, s.month)) !== this.approvedExports.get(s.month))
      this.violate({
        invariant: 'payee-fixed-at-approval',
        message: `${s.month}: the payment file changed after ${inst.name}'s bank account was changed`,
      });
  }

  /** Day 10 of N: finance pays what approved months owe (sometimes in two batches, sometimes double-clicked). */
  private async payments(quiet: boolean): Promise<void> {
    if (!quiet && this.rng.chance(0.15) && !this.avoid.bankChanges) await this.bankChange();
    if (!quiet && this.rng.chance(0.3) && !this.avoid.reconciliationReads) await this.readReconciliation();
    for (const s of [...this.model.settlements.values()]
      .filter((x) => x.status === 'APPROVED')
      .sort((a, b) => (a.month < b.month ? -1 : 1))) {
      if (!quiet && this.rng.chance(0.15)) continue;
      const parts = await this.t.prisma.settlementInstitution.findMany({ where: { settlementId: s.id, amountFen: { gt: 0 } } });
      const paid = await this.t.prisma.payment.groupBy({ by: ['institutionId'], where: { settlementId: s.id }, _sum: { amountFen: true } });
      const already = new Map(paid.map((p) => [p.institutionId, p._sum.amountFen ?? 0]));
      let due = parts
        .map((p) => ({ institutionId: p.institutionId, amountFen: Number(p.amountFen) - (already.get(p.institutionId) ?? 0) }))
        .filter((p) => p.amountFen > 0);
      if (!due.length) continue;
      if (!quiet && due.length > 1 && this.rng.chance(0.3)) due = due.slice(0, Math.ceil(due.length / 2));
      const body = {
        payments: due.map((d) => ({ ...d, voucherNo: `SIM${this.options.seed}-${this.nextSeq()}`, paidOn: this.today() })),
      };
      const headers = { 'Idempotency-Key': `sim-${this.options.seed}-${this.nextSeq()}` };
      const make = () => this.client.post(`/api/v1/settlements/${s.id}/payments`, this.finance, body, headers);
      const label = `finance records ${due.length} payment(s) for ${s.month} (${due.reduce((n, d) => n + d.amountFen, 0)} fen)`;
      if (!quiet && this.rng.chance(0.3)) {
        const both = await this.client.twice(label, make, [201, 409]);
        if (!both.some((r) => r.status === 201)) throw new UnexpectedAnswer(`${label}: neither click was recorded`);
        const refused = both.filter((r) => r.status === 409).map((r) => r.body.code);
        if (refused.some((c) => c !== 'IDEMPOTENCY_IN_PROGRESS'))
          throw new UnexpectedAnswer(`${label}: refused with ${refused.join(', ')}`);
      } else {
        await this.client.send(label, make, [201]);
      }
      const row = await this.t.prisma.settlement.findUniqueOrThrow({ where: { id: s.id } });
      const owed = parts.reduce((n, p) => n + Number(p.amountFen), 0);
      const paidNow =
        (await this.t.prisma.payment.aggregate({ where: { settlementId: s.id }, _sum: { amountFen: true } }))._sum.amountFen ?? 0;
      if (paidNow === owed && row.status !== 'PAID')
        this.violate({
          invariant: 'paid-when-matched',
          message: `${s.month}: everything is paid (${paidNow} fen) but the settlement is ${row.status}`,
        });
      s.status = row.status as SettlementStatus;
    }
  }
}

/** Runs one seed against `t` (an app created with workers: false; the simulation starts its own worker process). */
export async function runSimulation(t: TestApp, options: SimulationOptions): Promise<SimulationResult> {
  return new Simulation(t, options).run();
}
