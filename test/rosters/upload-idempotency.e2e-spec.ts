import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { csv, entry } from './roster-fixtures';

// An operator's upload tool retries after a timeout: the same Idempotency-Key and file replay the first
// answer instead of failing with ROSTER_EXISTS; the same key with another file is refused.
describe('Idempotency-Key on a roster upload', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('replays the first answer for the same key and file, and refuses the key with another file', async () => {
    const inst = await createFiledInstitution(t.prisma);
    const operator = await t.userWithToken('operator', inst.id);
    const file = Buffer.from(csv([entry(), entry({ birthOrder: 3 })]));
    const upload = (key: string, body: Buffer) =>
      t
        .http()
        .post(`/api/v1/institutions/${inst.id}/rosters/import?month=2025-11`)
        .set(operator.auth)
        .set('Idempotency-Key', key)
        .attach('file', body, 'roster.csv');

    const first = await upload('upload-key-1', file);
    expect(first.status).toBe(201);
    const again = await upload('upload-key-1', file);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await t.prisma.roster.count({ where: { institutionId: inst.id } })).toBe(1);

    const other = await upload('upload-key-1', Buffer.from(csv([entry()])));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // without a key the usual rule answers: one roster per institution and month
    const plain = await t
      .http()
      .post(`/api/v1/institutions/${inst.id}/rosters/import?month=2025-11`)
      .set(operator.auth)
      .attach('file', file, 'roster.csv');
    expect(plain.status).toBe(409);
  });
});
