import type { AddressInfo } from 'node:net';
import { listFiledInstitutions } from '../../clients/typescript/src/example';
import { hashPassword } from '../../src/users/password';
import { migrate } from '../../src/infra/database/migrator';
import { createFiledInstitution, createInstitution } from '../utils/factories';
import { createScratchDatabase, ScratchDatabase } from '../utils/scratch-db';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * The typed client of clients/typescript (its types generated from the OpenAPI document by openapi-typescript and
 * type-checked by `npm run typecheck`) against the real application over HTTP, on a database of its own.
 */
describe('the typed TypeScript client', () => {
  let db: ScratchDatabase;
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createScratchDatabase('client');
    await migrate(db.url);
    t = await createTestApp({ env: { DATABASE_URL: db.url } });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('signs in and lists the filed institutions', async () => {
    await t.prisma.user.create({
      data: { username: 'client.auditor', passwordHash: await hashPassword('a long client password'), role: 'auditor' },
    });
    const filed = await createFiledInstitution(t.prisma, { data: { name: '客户端测试托育园' } });
    await createInstitution(t.prisma, { status: 'SUBMITTED' });

    expect(await listFiledInstitutions(baseUrl, 'client.auditor', 'a long client password')).toEqual({
      signedInAs: 'client.auditor',
      role: 'auditor',
      total: 1,
      institutions: [{ name: '客户端测试托育园', status: '已备案', filingNumber: filed.filingNumber, inclusive: true }],
    });
  });

  it('turns an error answer into an error carrying its code', async () => {
    await expect(listFiledInstitutions(baseUrl, 'nobody.at.all', 'wrong password')).rejects.toThrow(/^401 INVALID_CREDENTIALS: /);
  });
});
