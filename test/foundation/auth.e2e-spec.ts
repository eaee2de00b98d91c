import { Controller, Get } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { AuditRefusals } from '../../src/audit/audit-refusals.service';
import { migrate } from '../../src/infra/database/migrator';
import type { Role } from '../../src/generated/prisma/enums';
import { createInstitution } from '../utils/factories';
import { createScratchDatabase } from '../utils/scratch-db';
import { createTestApp, TestApp } from '../utils/test-app';

/** A route someone forgot to put @Roles on: it must be refused to everybody. */
@Controller('test-no-roles')
class ForgottenRolesController {
  @Get()
  reached() {
    return { reached: true };
  }
}

const ROLES: Role[] = ['admin', 'operator', 'finance', 'auditor'];
const uniq = () => randomBytes(4).toString('hex');
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A Redis key prefix under this run's own, so global-teardown still cleans it up. */
const isolatedPrefix = () => `${process.env.REDIS_PREFIX}:isolated-${uniq()}`;

describe('authentication and roles', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWithToken']>>;
  let institutionId: string;

  beforeAll(async () => {
    // its own failed-sign-in counters: the logins below must never be throttled by other test files' attempts
    t = await createTestApp({ controllers: [ForgottenRolesController], env: { REDIS_PREFIX: isolatedPrefix() } });
    admin = await t.userWithToken('admin');
    institutionId = (await createInstitution(t.prisma)).id;
  });
  afterAll(() => t.close());

  /** Creates a user through the API (so the password is hashed with argon2 by the real code path). */
  async function createUser(role: Role, password = 'correct horse battery') {
    const username = `${role}.${uniq()}`;
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ username, password, role, ...(role === 'operator' ? { institutionId } : {}) });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, username, password };
  }
  const login = (username: string, password: string) => t.http().post('/api/v1/auth/login').send({ username, password });
  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  describe('login', () => {
    it('answers 200 with a token and the user, and the token works', async () => {
      const user = await createUser('operator');
      const res = await login(user.username, user.password).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        user: expect.objectContaining({ id: user.id, username: user.username, role: 'operator', institutionId }),
      });
      const stored = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
      await me(res.body.accessToken).expect(200);
    });

    it('answers a wrong password and an unknown user identically (401)', async () => {
      const user = await createUser('finance');
      const wrong = await login(user.username, 'not the password at all');
      const unknown = await login(`nobody-${uniq()}`, user.password);
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          code: 'INVALID_CREDENTIALS',
          message: '用户名或密码错误',
          requestId: res.headers['x-request-id'],
        });
      }
    });
  });

  describe('tokens', () => {
    let user: { id: string; username: string; password: string };
    let token: string;
    beforeAll(async () => {
      user = await createUser('auditor');
      token = (await login(user.username, user.password).expect(200)).body.accessToken;
    });

    const refused = async (authorization: string | undefined, code: string) => {
      const req = t.http().get('/api/v1/auth/me');
      if (authorization !== undefined) req.set('Authorization', authorization);
      const res = await req;
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, code, requestId: expect.any(String) });
    };

    it('refuses a missing or malformed Authorization header', async () => {
      await refused(undefined, 'TOKEN_MISSING');
      await refused(`Basic ${Buffer.from('a:b').toString('base64')}`, 'TOKEN_MISSING');
      await refused('Bearer', 'TOKEN_MISSING');
      await refused('Bearer not a token', 'TOKEN_MISSING');
      await refused('Bearer garbage', 'TOKEN_INVALID');
    });

    it('refuses a token whose signature or payload was tampered with', async () => {
      const [header, payload, signature] = token.split('.');
      const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
      await refused(`Bearer ${header}.${payload}.${flipped}`, 'TOKEN_INVALID');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      await refused(`Bearer ${header}.${b64url({ ...claims, sub: admin.id })}.${signature}`, 'TOKEN_INVALID');
    });

    it('refuses an unsigned alg:none token', async () => {
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      await refused(`Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`, 'TOKEN_INVALID');
    });

    it('refuses a token signed with another secret or another algorithm', async () => {
      const jwt = new JwtService();
      const claims = { sub: user.id, ver: 0 };
      await refused(`Bearer ${jwt.sign(claims, { secret: randomBytes(32).toString('hex'), expiresIn: 600 })}`, 'TOKEN_INVALID');
      await refused(`Bearer ${jwt.sign(claims, { secret: t.config.jwtSecret, algorithm: 'HS512', expiresIn: 600 })}`, 'TOKEN_INVALID');
      // the control: the same claims with the right secret and algorithm are accepted
      await me(jwt.sign(claims, { secret: t.config.jwtSecret, algorithm: 'HS256', expiresIn: 600 })).expect(200);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = new JwtService().sign({ sub: user.id, ver: 0, iat: now - 7200, exp: now - 60 }, { secret: t.config.jwtSecret });
      await refused(`Bearer ${expired}`, 'TOKEN_INVALID');
    });

    it("stops a deactivated user's existing token on the next request", async () => {
      const victim = await createUser('finance');
      const old = (await login(victim.username, victim.password).expect(200)).body.accessToken;
      await me(old).expect(200);
      await t.http().patch(`/api/v1/users/${victim.id}`).set(admin.auth).send({ active: false }).expect(200);
      await refused(`Bearer ${old}`, 'TOKEN_REVOKED');
      expect((await login(victim.username, victim.password)).status).toBe(401);
    });

    it('stops old tokens after a password change; the new password works', async () => {
      const victim = await createUser('operator');
      const old = (await login(victim.username, victim.password).expect(200)).body.accessToken;
      await t.http().patch(`/api/v1/users/${victim.id}`).set(admin.auth).send({ password: 'a brand new passphrase' }).expect(200);
      await refused(`Bearer ${old}`, 'TOKEN_REVOKED');
      expect((await login(victim.username, victim.password)).status).toBe(401);
      const fresh = (await login(victim.username, 'a brand new passphrase').expect(200)).body.accessToken;
      expect((await me(fresh).expect(200)).body).toMatchObject({ id: victim.id, role: 'operator' });
    });
  });

  describe('deny by default', () => {
    it.each(ROLES)('refuses a route without @Roles to %s (403) and records the attempt', async (role) => {
      const user = await t.userWithToken(role, role === 'operator' ? institutionId : null);
      const res = await t.http().get('/api/v1/test-no-roles').set(user.auth);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', requestId: res.headers['x-request-id'] });
      // refusals are counted per window and reach the chain when the window is summarised
      await t.app.get(AuditRefusals).summarise({ everything: true });
      const entries = await t.prisma.auditLog.findMany({ where: { actorId: user.id, action: 'ACCESS_DENIED' } });
      expect(entries).toEqual([
        expect.objectContaining({
          role,
          entityType: 'Route',
          requestId: res.headers['x-request-id'],
          after: { method: 'GET', route: '/api/v1/test-no-roles', status: 403, code: 'FORBIDDEN', count: 1, lastAt: expect.any(String) },
        }),
      ]);
    });

    it('answers 401, not 403, without a token', async () => {
      await t.http().get('/api/v1/test-no-roles').expect(401);
    });
  });

  describe('each role on the foundation routes', () => {
    type Route = { method: 'get' | 'post' | 'patch'; path: () => string; label: string; body?: () => object; allowed: Role[] };
    let target: string;
    beforeAll(async () => {
      target = (await t.userWithToken('finance')).id;
    });
    const routes: Route[] = [
      { method: 'get', label: '/api/v1/auth/me', path: () => '/api/v1/auth/me', allowed: ROLES },
      { method: 'get', label: '/api/v1/users', path: () => '/api/v1/users', allowed: ['admin'] },
      {
        method: 'post',
        label: '/api/v1/users',
        path: () => '/api/v1/users',
        body: () => ({ username: `made.${uniq()}`, password: 'long enough password', role: 'finance' }),
        allowed: ['admin'],
      },
      {
        method: 'patch',
        label: '/api/v1/users/:id',
        path: () => `/api/v1/users/${target}`,
        body: () => ({ active: true }),
        allowed: ['admin'],
      },
      { method: 'get', label: '/api/v1/audit-logs', path: () => '/api/v1/audit-logs?pageSize=1', allowed: ['admin', 'auditor'] },
      { method: 'get', label: '/api/v1/audit-logs/verify', path: () => '/api/v1/audit-logs/verify', allowed: ['admin', 'auditor'] },
      {
        method: 'get',
        label: '/api/v1/audit-logs/export',
        path: () => '/api/v1/audit-logs/export?format=csv',
        allowed: ['admin', 'auditor'],
      },
    ];
    const cases = routes.flatMap((route) => ROLES.map((role) => ({ route, role, allowed: route.allowed.includes(role) })));

    it.each(cases)('$route.method $route.label as $role → allowed: $allowed', async ({ route, role, allowed }) => {
      const user = await t.userWithToken(role, role === 'operator' ? institutionId : null);
      const req = t.http()[route.method](route.path()).set(user.auth);
      const res = await (route.body ? req.send(route.body()) : req);
      if (allowed)
        expect({ status: res.status, code: res.body.code }).toEqual({ status: route.method === 'post' ? 201 : 200, code: undefined });
      else expect(res.status).toBe(403);
    });

    it('covers every signed-in route of auth, users and audit (from the OpenAPI document)', async () => {
      const doc = (await t.http().get('/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>;
      };
      const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.tags?.some((tag) => ['auth', 'users', 'audit'].includes(tag)))
          .map(([method]) => `${method} ${path.replace('{id}', ':id')}`),
      );
      const tested = routes.map((r) => `${r.method} ${r.label}`);
      // login is public (tested above) and the console session routes are cookie-only (test/foundation/console-session.e2e-spec.ts);
      // anything else served there must be in the table
      const elsewhere = ['post /api/v1/auth/login', 'post /api/v1/auth/session', 'get /api/v1/auth/session', 'delete /api/v1/auth/session'];
      expect(served.filter((r) => !elsewhere.includes(r)).sort()).toEqual(tested.sort());
    });
  });

  describe('POST /users validation', () => {
    it('requires an institution for an operator and refuses one for other roles (422)', async () => {
      const noInstitution = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ username: `op.${uniq()}`, password: 'long enough password', role: 'operator' });
      expect(noInstitution.status).toBe(422);
      expect(noInstitution.body.details).toEqual([expect.objectContaining({ field: 'institutionId', code: 'REQUIRED' })]);

      const financeWithInstitution = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ username: `fi.${uniq()}`, password: 'long enough password', role: 'finance', institutionId });
      expect(financeWithInstitution.status).toBe(422);
      expect(financeWithInstitution.body.details).toEqual([expect.objectContaining({ field: 'institutionId', code: 'NOT_ALLOWED' })]);
    });

    it('refuses a taken username (409) and keeps the first user', async () => {
      const first = await createUser('finance');
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ username: first.username, password: 'another long password', role: 'auditor' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'USERNAME_TAKEN', requestId: expect.any(String) });
      expect(await t.prisma.user.findMany({ where: { username: first.username } })).toEqual([
        expect.objectContaining({ id: first.id, role: 'finance' }),
      ]);
    });
  });
});

describe('bootstrap admin', () => {
  it('creates exactly one admin from the environment, even when two instances start at once', async () => {
    const db = await createScratchDatabase('bootstrap');
    const apps: TestApp[] = [];
    try {
      await migrate(db.url);
      const env = {
        DATABASE_URL: db.url,
        REDIS_PREFIX: isolatedPrefix(),
        BOOTSTRAP_ADMIN_USERNAME: 'chief',
        BOOTSTRAP_ADMIN_PASSWORD: 'initial password 1',
      };
      const started = await Promise.allSettled([createTestApp({ env }), createTestApp({ env })]);
      for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);

      const admins = await apps[0].prisma.user.findMany({ where: { role: 'admin' } });
      expect(admins).toEqual([expect.objectContaining({ username: 'chief', active: true })]);
      expect(await apps[0].prisma.auditLog.count({ where: { action: 'USER_CREATED', entityId: admins[0].id } })).toBe(1);
      await apps[1].http().post('/api/v1/auth/login').send({ username: 'chief', password: 'initial password 1' }).expect(200);

      // a later start with an admin present changes nothing
      apps.push(await createTestApp({ env: { ...env, BOOTSTRAP_ADMIN_USERNAME: 'second-chief' } }));
      expect(await apps[2].prisma.user.count({ where: { role: 'admin' } })).toBe(1);
    } finally {
      for (const app of apps) await app.close();
      await db.drop();
    }
  });
});

describe('refused attempts and admins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("records an operator's attempt on another institution's record, answering a plain 404", async () => {
    const own = await createInstitution(t.prisma);
    const other = await createInstitution(t.prisma);
    const operator = await t.userWithToken('operator', own.id);
    const res = await t.http().get(`/api/v1/institutions/${other.id}`).set(operator.auth);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await t.app.get(AuditRefusals).summarise({ everything: true });
    const entries = await t.prisma.auditLog.findMany({ where: { actorId: operator.id, action: 'ACCESS_DENIED' } });
    expect(entries).toHaveLength(1);
    expect(entries[0].after).toMatchObject({ method: 'GET', status: 404, count: 1 });
  });

  it('records a failed sign-in without the password, by an anonymous actor', async () => {
    const username = `nobody-${Date.now()}`;
    await t.http().post('/api/v1/auth/login').send({ username, password: 'secret-guess-123' }).expect(401);
    await t.app.get(AuditRefusals).summarise({ everything: true });
    const entries = await t.prisma.auditLog.findMany({ where: { action: 'LOGIN_FAILED' } });
    const mine = entries.filter((e) => (e.after as { username?: string }).username === username);
    expect(mine).toEqual([
      expect.objectContaining({ actorId: null, role: 'anonymous', after: expect.objectContaining({ reason: 'UNKNOWN_USER' }) }),
    ]);
    expect(JSON.stringify({ ...mine[0], id: String(mine[0].id) })).not.toContain('secret-guess-123');
  });

  it('refuses to deactivate the last active admin', async () => {
    // a database of its own: the run's shared one has admins from other test files
    const db = await createScratchDatabase('last-admin');
    let app: TestApp | undefined;
    try {
      await migrate(db.url);
      app = await createTestApp({ env: { DATABASE_URL: db.url } });
      const admin = await app.userWithToken('admin');
      const res = await app.http().patch(`/api/v1/users/${admin.id}`).set(admin.auth).send({ active: false });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('LAST_ADMIN');
      const second = await app.userWithToken('admin');
      await app.http().patch(`/api/v1/users/${admin.id}`).set(second.auth).send({ active: false }).expect(200);
    } finally {
      await app?.close();
      await db.drop();
    }
  });
});
