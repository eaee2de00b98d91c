import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from '../utils/test-app';

const uniq = () => randomBytes(6).toString('hex');

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWithToken']>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const post = (key: string, body: object, auth = admin.auth) =>
    t.http().post('/api/v1/users').set(auth).set('Idempotency-Key', key).send(body);
  const newUser = () => ({ username: `idem.${uniq()}`, password: 'long enough password', role: 'finance' });
  const usersNamed = (username: string) => t.prisma.user.count({ where: { username } });

  it('replays the first answer for the same key and body, creating the user once', async () => {
    const key = `key-${uniq()}`;
    const body = newUser();
    const first = await post(key, body);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const second = await post(key, body);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await usersNamed(body.username)).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { entityId: first.body.id, action: 'USER_CREATED' } })).toBe(1);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    const key = `key-${uniq()}`;
    await post(key, newUser()).expect(201);
    const other = newUser();
    const res = await post(key, other);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED', requestId: expect.any(String) });
    expect(await usersNamed(other.username)).toBe(0);
  });

  it('keeps keys per user', async () => {
    const key = `key-${uniq()}`;
    const otherAdmin = await t.userWithToken('admin');
    const mine = await post(key, newUser()).expect(201);
    const theirs = await post(key, newUser(), otherAdmin.auth).expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('creates exactly one user from 5 simultaneous identical requests', async () => {
    const key = `key-${uniq()}`;
    const body = newUser();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(key, body)));

    expect(await usersNamed(body.username)).toBe(1);
    const created = await t.prisma.user.findUniqueOrThrow({ where: { username: body.username } });
    const originals = answers.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']);
    expect(originals).toHaveLength(1);
    for (const res of answers) {
      if (res.status === 201) expect(res.body.id).toBe(created.id);
      else expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
    }
    // once finished, a retry replays
    const retry = await post(key, body).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('does not burn the key on a failed request', async () => {
    const key = `key-${uniq()}`;
    const body = newUser();
    // refused by the DTO validation, then by the service: neither stores the key
    await post(key, { ...body, password: 'short' }).expect(422);
    const operator = await post(key, { ...body, role: 'operator' });
    expect(operator.status).toBe(422);
    expect(operator.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.prisma.idempotencyKey.count({ where: { userId: admin.id, key } })).toBe(0);

    const ok = await post(key, body);
    expect(ok.status).toBe(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
    expect(await usersNamed(body.username)).toBe(1);
  });

  it('refuses a malformed key (400)', async () => {
    const res = await post('has spaces in it', newUser());
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });
});
