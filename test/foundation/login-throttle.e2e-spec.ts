import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { hashPassword } from '../../src/users/password';
import { createTestApp, TestApp } from '../utils/test-app';

const uniq = () => randomBytes(4).toString('hex');

/**
 * The failed-sign-in limit, per username and per client address. The app trusts X-Forwarded-For here, so each
 * test can speak from addresses of its own; its own Redis prefix and a window far longer than the test keep the
 * counts to this file's attempts.
 */
describe('failed sign-in limit', () => {
  let t: TestApp;
  let redis: Redis;
  const prefix = `${process.env.REDIS_PREFIX}:isolated-${uniq()}`;
  const PASSWORD = 'correct horse battery';

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        REDIS_PREFIX: prefix,
        TRUST_PROXY: 'true',
        LOGIN_MAX_FAILURES_PER_USERNAME: '3',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '5',
        LOGIN_FAILURE_WINDOW_SECONDS: '86400',
      },
    });
    redis = new Redis(t.config.redisUrl);
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  let addressNo = 0;
  /** A fresh client address (documentation range 198.51.100.0/24, then 203.0.113.0/24). */
  const newAddress = () => {
    addressNo += 1;
    return addressNo < 250 ? `198.51.100.${addressNo}` : `203.0.113.${addressNo - 249}`;
  };
  async function newUser(): Promise<string> {
    const username = `throttle.${uniq()}`;
    await t.prisma.user.create({ data: { username, passwordHash: await hashPassword(PASSWORD), role: 'finance' } });
    return username;
  }
  const login = (username: string, password: string, address: string) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ username, password });

  function expectLimited(res: { status: number; headers: Record<string, string>; body: unknown }) {
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(86400);
    expect(res.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'RATE_LIMITED',
      message: `登录失败次数过多，请 ${res.headers['retry-after']} 秒后再试`,
      requestId: res.headers['x-request-id'],
    });
  }

  it('locks a username after its failures, from whatever addresses they came, and only that username', async () => {
    const victim = await newUser();
    const other = await newUser();
    for (let i = 0; i < 3; i += 1) expect((await login(victim, 'wrong guess', newAddress())).status).toBe(401);
    // the right password does not get through either: the attacker learns nothing more
    expectLimited(await login(victim, PASSWORD, newAddress()));
    expect((await login(other, PASSWORD, newAddress())).status).toBe(200);
  });

  it('locks an address after its failures, over any usernames; other addresses sign in', async () => {
    const address = newAddress();
    const user = await newUser();
    for (let i = 0; i < 5; i += 1) expect((await login(`nobody.${uniq()}`, 'guess', address)).status).toBe(401);
    expectLimited(await login(user, PASSWORD, address));
    expect((await login(user, PASSWORD, newAddress())).status).toBe(200);
  });

  it('never locks out an office behind one address that signs in correctly, however often and at once', async () => {
    const office = newAddress();
    const staff = await Promise.all(Array.from({ length: 8 }, () => newUser()));
    // a few typos, below the address limit
    for (const username of staff.slice(0, 4)) expect((await login(username, 'typo', office)).status).toBe(401);
    for (let round = 0; round < 3; round += 1) {
      const answers = await Promise.all(staff.map((username) => login(username, PASSWORD, office)));
      expect(answers.map((r) => r.status)).toEqual(staff.map(() => 200));
    }
    // the same person, many times in a row: successes never count against the username either
    for (let i = 0; i < 6; i += 1) expect((await login(staff[0], PASSWORD, office)).status).toBe(200);
  });

  it('forgives a username its failures once the right password is given', async () => {
    const user = await newUser();
    const address = newAddress();
    for (let i = 0; i < 2; i += 1) expect((await login(user, 'typo', address)).status).toBe(401);
    expect((await login(user, PASSWORD, address)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await login(user, 'typo', newAddress())).status).toBe(401);
    expectLimited(await login(user, 'typo', newAddress()));
  });

  it('lets no more guesses through than the limit when they arrive all at once', async () => {
    const user = await newUser();
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(user, 'parallel guess', newAddress())));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('keeps its counts under the deployment’s REDIS_PREFIX, without usernames in key names', async () => {
    const user = await newUser();
    await login(user, 'typo', newAddress()).expect(401);
    const keys = await redis.keys(`${prefix}:login-failures:*`);
    expect(keys.some((k) => k.startsWith(`${prefix}:login-failures:username:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${prefix}:login-failures:address:`))).toBe(true);
    expect(keys.join(' ')).not.toContain(user);
  });
});
