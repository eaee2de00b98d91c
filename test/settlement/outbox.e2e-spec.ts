import type Redis from 'ioredis';
import request from 'supertest';
import { Transactions } from '../../src/infra/database/transactions';
import { SettlementOutbox } from '../../src/settlement/queue/settlement-outbox';
import { SettlementOutboxRepository } from '../../src/settlement/queue/settlement-outbox.repository';
import { runJobId } from '../../src/settlement/queue/settlement-queue';
import { SettlementProducer } from '../../src/settlement/queue/settlement.producer';
import { waitFor } from '../utils/processes';
import { createTestApp, TestApp } from '../utils/test-app';
import { waitForStatus } from './support/settlement-fixtures';

/**
 * A month is never stuck QUEUED: the run's job is put on the queue only after the run's transaction commits
 * (the outbox), and a committed run whose enqueue failed is sent again once Redis is reachable.
 */
describe('settlement outbox: the job is queued after commit, and retried', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true, env: { SETTLEMENT_OUTBOX_INTERVAL_MS: '300' } });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const run = (month: string) => t.http().post('/api/v1/settlements').set(admin.auth).send({ month });

  it('a run whose transaction fails at commit leaves no job behind: the next request computes the month', async () => {
    const month = '2024-05';
    // a deferred constraint trigger: the transaction fails at COMMIT, after everything in it succeeded
    await t.prisma.$executeRawUnsafe(`CREATE TABLE fail_next_commit (x int)`);
    await t.prisma.$executeRawUnsafe(`CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF EXISTS (SELECT 1 FROM fail_next_commit) THEN RAISE EXCEPTION 'simulated commit failure'; END IF; RETURN NULL; END $$`);
    await t.prisma.$executeRawUnsafe(`CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT OR UPDATE ON settlements
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit()`);
    await t.prisma.$executeRawUnsafe(`INSERT INTO fail_next_commit VALUES (1)`);
    try {
      // (a raw request: a 500 is no documented answer)
      const failed = await request(t.app.getHttpServer()).post('/api/v1/settlements').set(admin.auth).send({ month });
      expect(failed.status).toBe(500);
      expect(await t.prisma.settlement.findUnique({ where: { month } })).toBeNull();
      // nothing reached the queue for the run that never committed
      expect(await t.app.get(SettlementProducer).queue.getJob(runJobId(month, 1))).toBeUndefined();
    } finally {
      await t.prisma.$executeRawUnsafe(`DELETE FROM fail_next_commit`);
    }

    const queued = await run(month);
    expect(queued.status).toBe(202);
    const done = await waitForStatus(t, admin.auth, queued.body.id, ['COMPUTED', 'FAILED'], 30_000);
    expect(done).toMatchObject({ status: 'COMPUTED', run: 1 });
  });

  it('when the queue cannot be reached after the commit, the run stays QUEUED and is sent once Redis is back', async () => {
    const month = '2024-06';
    const producer = t.app.get(SettlementProducer);
    // the producer's own Redis connection goes away (commands fail at once); the API's health check still passes
    const connection = producerConnection(producer);
    connection.disconnect();
    let id: string;
    try {
      const queued = await run(month);
      expect(queued.status).toBe(202);
      expect(queued.body.status).toBe('QUEUED');
      id = queued.body.id as string;
      const row = await t.prisma.settlementOutbox.findUniqueOrThrow({ where: { settlementId_run: { settlementId: id, run: 1 } } });
      expect(row.enqueuedAt).toBeNull();
      // the relay keeps trying while Redis is unreachable
      await waitFor(
        'the relay to retry',
        async () => {
          const r = await t.prisma.settlementOutbox.findUniqueOrThrow({ where: { settlementId_run: { settlementId: id, run: 1 } } });
          return r.attempts >= 2 && r.lastError !== null;
        },
        10_000,
      );
      // a second request meanwhile does not start another run: the first one is on its way
      const again = await run(month);
      expect(again.body).toMatchObject({ id, run: 1, status: 'QUEUED' });
      expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id } })).status).toBe('QUEUED');
    } finally {
      await connection.connect();
    }
    const done = await waitForStatus(t, admin.auth, id, ['COMPUTED', 'FAILED'], 30_000);
    expect(done).toMatchObject({ status: 'COMPUTED', run: 1 });
    const sent = await t.prisma.settlementOutbox.findUniqueOrThrow({ where: { settlementId_run: { settlementId: id, run: 1 } } });
    expect(sent.enqueuedAt).not.toBeNull();
  });

  it('relays running at once (several processes) put each run on the queue once', async () => {
    const month = '2024-07';
    const outbox = t.app.get(SettlementOutbox);
    const producer = t.app.get(SettlementProducer);
    const connection = producerConnection(producer);
    connection.disconnect();
    let id: string;
    try {
      id = (await run(month)).body.id as string;
    } finally {
      await connection.connect();
    }
    // a second relay of its own (another process's), racing this process's relay once the row is due
    await new Promise((resolve) => setTimeout(resolve, 400));
    const other = new SettlementOutbox(new Transactions(t.prisma), new SettlementOutboxRepository(t.prisma), producer, t.config);
    await Promise.all([other.relay(), outbox.relay(), other.relay()]);
    const done = await waitForStatus(t, admin.auth, id, ['COMPUTED', 'FAILED'], 30_000);
    expect(done).toMatchObject({ status: 'COMPUTED', run: 1 });
    const audits = await t.prisma.auditLog.count({ where: { entityId: id, action: 'SETTLEMENT_COMPUTED' } });
    expect(audits).toBe(1);
    // rows sent long ago are pruned by the relay; recent ones stay
    const old = new Date(Date.now() - 40 * 24 * 3600_000);
    await t.prisma.settlementOutbox.create({ data: { settlementId: id, run: 0, month, createdAt: old, enqueuedAt: old } });
    await other.relay();
    expect(await t.prisma.settlementOutbox.findMany({ where: { settlementId: id }, select: { run: true } })).toEqual([{ run: 1 }]);
  });

  it('a completed run job that left no chunk is not alive: the month can be re-run', async () => {
    const producer = t.app.get(SettlementProducer);
    const month = '2024-08';
    // a run job for a run that does not exist completes at once, planning nothing
    await producer.enqueueRun({ settlementId: '00000000-0000-4000-8000-000000000000', month, run: 7 });
    await waitFor('the job to complete', async () => (await producer.queue.getJob(runJobId(month, 7)))?.isCompleted(), 20_000);
    expect(await producer.isRunAlive(month, 7, [])).toBe(false);
  });
});

/** The producer's own connection (enableOfflineQueue off: while it is down every enqueue fails at once). */
function producerConnection(producer: SettlementProducer): Redis {
  return (producer as unknown as { connection: Redis }).connection;
}
