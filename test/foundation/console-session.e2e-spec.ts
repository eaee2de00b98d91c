import { AuditRefusals } from '../../src/audit/audit-refusals.service';
import { createFiledInstitution } from '../utils/factories';
import { cookieHeader, signInToConsole, setCookies } from '../utils/console-session';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Console sign-in with the session cookie: cookie flags, CSRF token on unsafe methods, sign-out of one session,
 * deactivation, password change, idle and absolute expiry; bearer tokens unchanged; the queue dashboard on the
 * same session, with audited refusals.
 */
describe('console session (cookie sign-in)', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t?.close());

  /** The user's refusals as the audit log keeps them: counted per kind, then summarised into the chain. */
  const deniedFor = async (userId: string) => {
    await t.app.get(AuditRefusals).summarise({ everything: true });
    const rows = await t.prisma.auditLog.findMany({ where: { actorId: userId, action: 'ACCESS_DENIED' }, orderBy: { id: 'asc' } });
    return rows.map((r) => {
      const { count, lastAt: _lastAt, ...after } = r.after as Record<string, unknown>;
      return { role: r.role, after, count };
    });
  };

  it('sets an httpOnly, SameSite=Strict session cookie and a readable XSRF-TOKEN; answers the user and no bearer token', async () => {
    const s = await signInToConsole(t, 'finance');
    const session = s.setCookie.find((c) => c.startsWith('childcare_session='))!;
    const csrf = s.setCookie.find((c) => c.startsWith('XSRF-TOKEN='))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Path=\//);
    expect(session).not.toMatch(/; Secure/i); // not production
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toMatch(/; SameSite=Strict/i);
    expect(csrf).toContain(`XSRF-TOKEN=${s.csrfToken}`);

    const me = await t.http().get('/api/v1/auth/me').set('Cookie', s.cookie).expect(200);
    expect(me.body).toMatchObject({ id: s.userId, role: 'finance' });
    const current = await t.http().get('/api/v1/auth/session').set('Cookie', s.cookie).expect(200);
    expect(current.body).toMatchObject({ user: { id: s.userId, role: 'finance' }, csrfToken: s.csrfToken });
    expect(current.body).not.toHaveProperty('accessToken');
    // the session row stores a hash, never the cookie's token
    const token = decodeURIComponent(session.split(';')[0].split('=')[1]);
    const rows = await t.prisma.session.findMany({ where: { userId: s.userId } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('accepts credentials as JSON only (415 for a form post) and answers 401 on a wrong password', async () => {
    const s = await signInToConsole(t, 'auditor');
    const form = await t.http().post('/api/v1/auth/session').type('form').send({ username: s.username, password: s.password });
    expect(form.status).toBe(415);
    expect(setCookies(form.headers)).toEqual([]);
    const wrong = await t.http().post('/api/v1/auth/session').send({ username: s.username, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(setCookies(wrong.headers)).toEqual([]);
  });

  it('refuses an unsafe request with the cookie but without the CSRF token (403, audited), and passes it with the token', async () => {
    const s = await signInToConsole(t, 'admin');
    const body = () => ({
      username: `made-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      password: 'long enough password',
      role: 'auditor',
    });

    const missing = await t.http().post('/api/v1/users').set('Cookie', s.cookie).send(body());
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ code: 'CSRF_TOKEN_INVALID', requestId: missing.headers['x-request-id'] });
    const wrong = await t.http().post('/api/v1/users').set('Cookie', s.cookie).set('X-XSRF-TOKEN', 'x'.repeat(43)).send(body());
    expect(wrong.status).toBe(403);
    const other = await signInToConsole(t, 'admin');
    const foreign = await t.http().post('/api/v1/users').set('Cookie', s.cookie).set('X-XSRF-TOKEN', other.csrfToken).send(body());
    expect(foreign.status).toBe(403);

    const denied = await deniedFor(s.userId);
    // the three refusals are one kind: one audit entry that counts them
    expect(denied).toEqual([
      { role: 'admin', after: { method: 'POST', route: '/api/v1/users', status: 403, code: 'CSRF_TOKEN_INVALID' }, count: 3 },
    ]);

    const ok = await t.http().post('/api/v1/users').set('Cookie', s.cookie).set('X-XSRF-TOKEN', s.csrfToken).send(body());
    expect(ok.status).toBe(201);
    // reads need no token
    await t.http().get('/api/v1/users').set('Cookie', s.cookie).expect(200);
  });

  it('keeps bearer tokens working unchanged: no CSRF token needed, and the Authorization header alone decides', async () => {
    const made = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ username: `bearer-${Date.now()}`, password: 'long enough password', role: 'finance' });
    expect(made.status).toBe(201);
    const s = await signInToConsole(t, 'admin');
    // a broken bearer token is not rescued by a valid cookie
    await t.http().get('/api/v1/auth/me').set('Cookie', s.cookie).set('Authorization', 'Bearer broken').expect(401);
    // a bearer client has no console session
    const none = await t.http().get('/api/v1/auth/session').set(admin.auth);
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('NO_SESSION');
  });

  it('signs out this session only: revoked on the server, cookies cleared; another session of the user goes on', async () => {
    const first = await signInToConsole(t, 'operator', (await createFiledInstitution(t.prisma)).id);
    const second = await t.http().post('/api/v1/auth/session').send({ username: first.username, password: first.password }).expect(200);
    const secondCookie = cookieHeader(setCookies(second.headers));

    await t.http().delete('/api/v1/auth/session').set('Cookie', first.cookie).expect(403); // sign-out needs the token too
    const out = await t.http().delete('/api/v1/auth/session').set('Cookie', first.cookie).set('X-XSRF-TOKEN', first.csrfToken);
    expect(out.status).toBe(204);
    const cleared = setCookies(out.headers);
    expect(cleared.some((c) => /^childcare_session=;.*Expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
    expect(cleared.some((c) => /^XSRF-TOKEN=;/.test(c))).toBe(true);

    // the old cookie is worthless even if a browser kept it
    const after = await t.http().get('/api/v1/auth/me').set('Cookie', first.cookie);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_EXPIRED');
    await t.http().get('/api/v1/auth/me').set('Cookie', secondCookie).expect(200);
    const rows = await t.prisma.session.findMany({ where: { userId: first.userId }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => r.revokedAt !== null)).toEqual([true, false]);
  });

  it('signs a deactivated user out on the next request, and a changed password ends every session', async () => {
    const deactivated = await signInToConsole(t, 'auditor');
    await t.http().get('/api/v1/auth/me').set('Cookie', deactivated.cookie).expect(200);
    await t.http().patch(`/api/v1/users/${deactivated.userId}`).set(admin.auth).send({ active: false }).expect(200);
    const res = await t.http().get('/api/v1/auth/me').set('Cookie', deactivated.cookie);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
    // and cannot sign in again
    await t.http().post('/api/v1/auth/session').send({ username: deactivated.username, password: deactivated.password }).expect(401);

    const reset = await signInToConsole(t, 'finance');
    await t.http().patch(`/api/v1/users/${reset.userId}`).set(admin.auth).send({ password: 'a brand new password' }).expect(200);
    await t.http().get('/api/v1/auth/me').set('Cookie', reset.cookie).expect(401);
  });

  it('ends a session after the idle timeout and at its absolute expiry', async () => {
    const idle = await signInToConsole(t, 'finance');
    await t.prisma.session.updateMany({
      where: { userId: idle.userId },
      data: { lastSeenAt: new Date(Date.now() - (t.config.session.idleSeconds + 5) * 1000) },
    });
    await t.http().get('/api/v1/auth/me').set('Cookie', idle.cookie).expect(401);

    const expired = await signInToConsole(t, 'finance');
    await t.prisma.session.updateMany({ where: { userId: expired.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await t.http().get('/api/v1/auth/me').set('Cookie', expired.cookie).expect(401);
  });

  it('opens the queue dashboard to an admin with the session cookie; refuses others, audited like the guard', async () => {
    const adminSession = await signInToConsole(t, 'admin');
    const page = await t.http().get('/admin/queues').set('Cookie', adminSession.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await t.http().get('/admin/queues/api/queues').query({ page: 1, jobsPerPage: 10 }).set('Cookie', adminSession.cookie);
    expect(api.status).toBe(200);

    // the board's own actions are unsafe requests: they carry the XSRF-TOKEN cookie back as X-XSRF-TOKEN (axios does)
    const pauseWithout = await t.http().put('/admin/queues/api/queues/settlement/pause').set('Cookie', adminSession.cookie);
    expect(pauseWithout.status).toBe(403);
    expect(pauseWithout.body.code).toBe('CSRF_TOKEN_INVALID');
    const pause = await t
      .http()
      .put('/admin/queues/api/queues/settlement/pause')
      .set('Cookie', adminSession.cookie)
      .set('X-XSRF-TOKEN', adminSession.csrfToken);
    expect(pause.status).toBe(200);
    await t
      .http()
      .put('/admin/queues/api/queues/settlement/resume')
      .set('Cookie', adminSession.cookie)
      .set('X-XSRF-TOKEN', adminSession.csrfToken)
      .expect(200);

    const operator = await signInToConsole(t, 'operator', (await createFiledInstitution(t.prisma)).id);
    const refused = await t.http().get('/admin/queues').set('Cookie', operator.cookie);
    expect(refused.status).toBe(403);
    expect(await deniedFor(operator.userId)).toEqual([
      { role: 'operator', after: { method: 'GET', route: '/admin/queues', status: 403, code: 'FORBIDDEN' }, count: 1 },
    ]);
    expect((await deniedFor(adminSession.userId)).map((d) => d.after)).toEqual([
      { method: 'PUT', route: '/admin/queues/api/queues/settlement/pause', status: 403, code: 'CSRF_TOKEN_INVALID' },
    ]);

    // a browser that is not signed in is sent to the console's sign-in page; a program gets 401
    const browser = await t.http().get('/admin/queues').set('Accept', 'text/html,application/xhtml+xml');
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
    expect((await t.http().get('/admin/queues/api/queues').set('Accept', 'application/json')).status).toBe(401);
  });

  it('marks both cookies Secure in production', async () => {
    const prod = await createTestApp({ env: { NODE_ENV: 'production' } });
    try {
      const s = await signInToConsole(prod, 'finance');
      expect(s.setCookie).toHaveLength(2);
      for (const c of s.setCookie) expect(c).toMatch(/; Secure/i);
    } finally {
      await prod.close();
    }
  });
});
