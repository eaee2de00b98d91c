import { Logger } from '@nestjs/common';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { failureLogDetail } from '../../src/settlement/run-failure';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, waitForStatus } from './support/settlement-fixtures';

/**
 * A run that fails on a database error shows every role a failure code and a Chinese sentence, never the raw
 * Prisma/PostgreSQL text; the detail goes to the log, without personal data.
 */
describe('settlement failure reason', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());

  it('a database error in a chunk: FAILED with COMPUTE_ERROR and a Chinese sentence; the detail is logged without personal data', async () => {
    const month = '2024-09';
    const admin = await t.userWithToken('admin');
    const inst = await createFiledInstitution(t.prisma);
    const operator = await t.userWithToken('operator', inst.id);
    const kid = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2023-05-10', birthOrder: 2 });
    await createRoster(t.prisma, inst.id, month, [{ childId: kid.id, birthOrder: 2 }]);
    // every insert of lines fails inside PostgreSQL, with a message that quotes a value (as constraint errors do)
    await t.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_lines() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'duplicate key value violates unique constraint "x" Key ("idNumber")=(110105199001011234) phone 13812345678'; END $$`);
    await t.prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_lines BEFORE INSERT ON settlement_lines FOR EACH ROW EXECUTE FUNCTION refuse_lines()`,
    );
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const queued = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
      expect(queued.status).toBe(202);
      const failed = await waitForStatus(t, admin.auth, queued.body.id, ['FAILED', 'COMPUTED'], 60_000);
      expect(failed.status).toBe('FAILED');
      for (const user of [admin, operator, await t.userWithToken('auditor'), await t.userWithToken('finance')]) {
        const seen = (await t.http().get(`/api/v1/settlements/${queued.body.id}`).set(user.auth)).body;
        expect(seen.failureCode).toBe('COMPUTE_ERROR');
        expect(seen.failureReason).toMatch(/^结算计算出错/);
        for (const raw of ['Prisma', 'Raw query', 'duplicate key', 'settlement_lines', '110105199001011234', 'Key ('])
          expect(seen.failureReason).not.toContain(raw);
      }
      const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'SETTLEMENT_FAILED', entityId: queued.body.id } });
      expect(audit.after).toMatchObject({ failureCode: 'COMPUTE_ERROR' });
      expect(JSON.stringify(audit.after)).not.toContain('duplicate key');
      // the log has the detail (the database's message), not the values in it
      const logged = warn.mock.calls.map((c) => String(c[0])).find((m) => m.includes(`settlement ${month}`) && m.includes('failed'));
      expect(logged).toContain('COMPUTE_ERROR');
      expect(logged).toContain('duplicate key value violates unique constraint');
      expect(logged).not.toContain('110105199001011234');
      expect(logged).not.toContain('13812345678');
    } finally {
      warn.mockRestore();
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_lines ON settlement_lines`);
    }
    // a re-run once the cause is gone clears the failure
    const retry = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
    expect(retry.body).toMatchObject({ status: 'QUEUED', failureCode: null, failureReason: null });
    expect(await waitForStatus(t, admin.auth, retry.body.id, ['FAILED', 'COMPUTED'], 30_000)).toMatchObject({ status: 'COMPUTED' });
  });

  it('the log detail keeps codes and takes out values', () => {
    const error = Object.assign(new Error(`invalid input 'Zhang San' Key (phone)=(13800001111) for 11010519491231002X`), { code: 'P2010' });
    const detail = failureLogDetail(error);
    expect(detail).toContain('P2010');
    for (const value of ['Zhang San', '13800001111', '11010519491231002X']) expect(detail).not.toContain(value);
  });
});
