import { uniqueCreditCode } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

describe('HTTP conventions (docs/api.md)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWithToken']>>;

  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  it('answers /health with database and Redis up', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
  });

  it('puts X-Request-Id on every response and echoes a sane incoming one', async () => {
    const res = await t.http().get('/health').set('X-Request-Id', 'client-req-12345');
    expect(res.headers['x-request-id']).toBe('client-req-12345');
    const other = await t.http().get('/api/v1/nowhere');
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects unknown body fields with 400 and the error shape', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ username: 'someone', password: 'long-enough-pw', role: 'finance', hacker: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'UNKNOWN_FIELD',
      message: expect.stringContaining('hacker'),
      details: [expect.objectContaining({ field: 'hacker', code: 'UNKNOWN_FIELD' })],
      requestId: res.headers['x-request-id'],
    });
  });

  it('answers 422 naming every invalid field', async () => {
    const res = await t.http().post('/api/v1/users').set(admin.auth).send({ username: 'x', password: 'short', role: 'boss' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['password', 'role', 'username']);
  });

  it('answers 413 for a body over the limit, in the error shape', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'a'.repeat(5000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) });
  });

  it('answers 400 for malformed JSON without leaking parser internals', async () => {
    const res = await t.http().post('/api/v1/users').set(admin.auth).set('Content-Type', 'application/json').send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|stack|SyntaxError/);
  });

  it('sets Helmet headers and no-store on authenticated answers', async () => {
    const res = await t.http().get('/api/v1/auth/me').set(admin.auth).expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('caps pageSize at 200', async () => {
    const res = await t.http().get('/api/v1/users?pageSize=201').set(admin.auth);
    expect(res.status).toBe(422);
    const ok = await t.http().get('/api/v1/users?pageSize=200').set(admin.auth).expect(200);
    expect(ok.body).toMatchObject({ page: 1, pageSize: 200, total: expect.any(Number), items: expect.any(Array) });
  });

  it('serves the OpenAPI document and UI', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    expect(doc.body.paths['/api/v1/auth/login']).toBeDefined();
    await t.http().get('/docs').expect(200);
  });
});

describe('routes that take no body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a body with fields (400 UNKNOWN_FIELD) and accepts an empty one', async () => {
    const admin = await t.userWithToken('admin');
    const inst = await t.http().post('/api/v1/institutions').set(admin.auth).send({
      name: '无体测试托育园',
      creditCode: uniqueCreditCode(),
      kind: 'PRIVATE',
      approvedSlots: 10,
    });
    expect(inst.status).toBe(201);
    const withBody = await t.http().post(`/api/v1/institutions/${inst.body.id}/submit`).set(admin.auth).send({ status: 'FILED' });
    expect(withBody.status).toBe(400);
    expect(withBody.body).toMatchObject({ code: 'UNKNOWN_FIELD', details: [{ field: 'status', code: 'UNKNOWN_FIELD' }] });
    const row = await t.prisma.institution.findUniqueOrThrow({ where: { id: inst.body.id } });
    expect(row.status).toBe('DRAFT');
  });
});
