import { randomInt } from 'node:crypto';
import type { InstitutionPart } from '../../src/settlement/settlement.service';
import type { TestApp } from '../utils/test-app';

/**
 * Plumbing shared by the user journeys (test/journeys/*.e2e-spec.ts): people who log in, institutions that
 * go through filing, settlements that are run and waited for. Everything goes through HTTP, as the users'
 * browsers and tools would; the one exception is `backdateFiling` (see there).
 */

export type Auth = { Authorization: string };
export interface Person {
  id: string;
  username: string;
  auth: Auth;
}

const tag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}`;
let seq = 0;

/** A unique, readable suffix for usernames and names (test files share one database). */
export function unique(prefix: string): string {
  seq += 1;
  return `${prefix}-${tag}-${seq}`;
}

/** The bootstrap admin: the one account that exists before anybody logs in (BOOTSTRAP_ADMIN_* in production). */
export async function bootstrapAdmin(t: TestApp): Promise<Auth> {
  return (await t.userWithToken('admin')).auth;
}

/** An admin creates an account (POST /users), then its owner logs in with the password (POST /auth/login). */
export async function createAndLogin(
  t: TestApp,
  creator: Auth,
  role: 'admin' | 'operator' | 'finance' | 'auditor',
  institutionId?: string,
): Promise<Person> {
  const username = unique(role);
  const password = `Pw-${username}-long-enough`;
  const created = await t
    .http()
    .post('/api/v1/users')
    .set(creator)
    .send({ username, password, role, ...(institutionId ? { institutionId } : {}) });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ username, role, institutionId: institutionId ?? null, active: true });

  const login = await t.http().post('/api/v1/auth/login').send({ username, password });
  expect(login.status).toBe(200);
  expect(login.body.user).toMatchObject({ id: created.body.id, username, role });
  return { id: created.body.id as string, username, auth: { Authorization: `Bearer ${login.body.accessToken as string}` } };
}

// Valid, run-unique credit codes and resident IDs (pure generators shared with the medium tests; no rows written).
export { uniqueCreditCode as freshCreditCode, uniqueResidentId as freshResidentId } from '../utils/factories';

/** Test children's names follow `测试儿童<n>`: global-teardown scans the run's log for that pattern. */
export function childName(): string {
  return `测试儿童${randomInt(1_000_000)}`;
}

export function bankAccount(name: string) {
  return { bankName: '中国农业银行茌平支行', accountName: name, accountNumber: `6228480${String(randomInt(1e9)).padStart(9, '0')}` };
}

/** Admin registers an institution (DRAFT). */
export async function registerInstitution(t: TestApp, admin: Auth, body: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const res = await t.http().post('/api/v1/institutions').set(admin).send(body);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'DRAFT', filingNumber: null });
  return res.body as { id: string; name: string };
}

/**
 * Time travel for past months: the institutions were filed through the API today, but the month being
 * settled is in the past, and eligibility comes from the filing history ("FILED at some moment of the month").
 * Shifting the institutions' status history back so that the filing happened before `filedBefore` is the one
 * database write the journeys make — there is no API to record a historic filing date.
 */
export async function backdateFiling(t: TestApp, institutionIds: string[], filedBefore: string): Promise<void> {
  await t.prisma.$executeRaw`
    UPDATE institution_status_changes c
       SET at = c.at - ((SELECT max(x.at) FROM institution_status_changes x WHERE x."institutionId" = ANY(${institutionIds}::uuid[]))
                        - (${filedBefore}::date - interval '1 day'))
     WHERE c."institutionId" = ANY(${institutionIds}::uuid[])`;
}

/** Whether the registry says the institution was filed and inclusive in `month` (what settlement will use). */
export async function eligibility(t: TestApp, auth: Auth, institutionId: string, month: string) {
  const res = await t.http().get(`/api/v1/institutions/${institutionId}/eligibility?month=${month}`).set(auth);
  expect(res.status).toBe(200);
  return res.body as { filed: boolean; inclusive: boolean; eligible: boolean; guidancePriceFen: number | null };
}

// the settlement answer's per-institution part, as the API defines it
export type { InstitutionPart } from '../../src/settlement/settlement.service';
export interface SettlementBody {
  id: string;
  month: string;
  status: string;
  run: number;
  progress: { done: number; total: number };
  totals: { paidChildren: number; secondChildCount: number; thirdChildCount: number; amountFen: number };
  institutions: InstitutionPart[];
  failureReason: string | null;
}
export interface Line {
  id: number;
  childId: string;
  idNumber: string;
  institutionId: string;
  rosterId: string;
  forMonth: string;
  birthOrder: number;
  amountFen: number;
  reason: string;
}

/** Polls GET /settlements/:id until the run has ended (the worker runs inside the app); generous bound, no timing claims. */
export async function waitUntilComputed(t: TestApp, auth: Auth, id: string, timeoutMs = 180_000): Promise<SettlementBody> {
  const deadline = Date.now() + timeoutMs;
  let last: SettlementBody | undefined;
  for (;;) {
    const res = await t.http().get(`/api/v1/settlements/${id}`).set(auth);
    expect(res.status).toBe(200);
    last = res.body as SettlementBody;
    if (last.status === 'COMPUTED') return last;
    if (last.status === 'FAILED') throw new Error(`settlement ${id} FAILED: ${last.failureReason}`);
    if (Date.now() > deadline) throw new Error(`settlement ${id} not COMPUTED in time; last answer ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Admin runs the month's settlement: POST → 202 QUEUED, then waits for COMPUTED. */
export async function runSettlement(t: TestApp, admin: Auth, month: string): Promise<SettlementBody> {
  const res = await t.http().post('/api/v1/settlements').set(admin).send({ month });
  expect(res.status).toBe(202);
  expect(res.body).toMatchObject({ month, status: 'QUEUED' });
  return waitUntilComputed(t, admin, res.body.id as string);
}

/**
 * Admin publishes (public notice) and approves: both succeed (each test file has its own database, so no
 * other month is being settled at the same time; a 409 here is a defect, and its message says which).
 */
export async function publishAndApprove(t: TestApp, admin: Auth, settlement: SettlementBody): Promise<SettlementBody> {
  if (settlement.status === 'COMPUTED') {
    const published = await t.http().post(`/api/v1/settlements/${settlement.id}/publish`).set(admin);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('PUBLISHED');
  }
  const approved = await t.http().post(`/api/v1/settlements/${settlement.id}/approve`).set(admin);
  expect({ status: approved.status, code: approved.body.code, message: approved.body.message }).toEqual({
    status: 200,
    code: undefined,
    message: undefined,
  });
  expect(approved.body.status).toBe('APPROVED');
  return approved.body as SettlementBody;
}

/** Every line of a settlement (paged through), optionally filtered. */
export async function allLines(t: TestApp, auth: Auth, settlementId: string, filter: Record<string, string> = {}): Promise<Line[]> {
  const lines: Line[] = [];
  for (let page = 1; ; page += 1) {
    const res = await t
      .http()
      .get(`/api/v1/settlements/${settlementId}/lines`)
      .query({ ...filter, page, pageSize: 200 })
      .set(auth);
    expect(res.status).toBe(200);
    lines.push(...(res.body.items as Line[]));
    if (lines.length >= res.body.total) return lines;
  }
}

/** Audit actions recorded for one entity, oldest first. */
export async function auditActions(t: TestApp, auth: Auth, entityType: string, entityId: string): Promise<string[]> {
  const res = await t.http().get('/api/v1/audit-logs').query({ entityType, entityId, pageSize: 200 }).set(auth);
  expect(res.status).toBe(200);
  const items = res.body.items as { id: string | number; action: string }[];
  return [...items].sort((a, b) => Number(a.id) - Number(b.id)).map((i) => i.action);
}
