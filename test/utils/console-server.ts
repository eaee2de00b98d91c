import { bankAccount } from '../journeys/journey-support';
import { uploadRequiredDocuments } from './filing-documents';
import { freePort } from './processes';
import { createTestApp, TestApp } from './test-app';
import { ensureConsoleBuilt } from './web-build';

/** Sign-in names of the people a browser test creates; the key is the role (a trailing digit tells two apart: admin2). */
export type ConsolePeople = Record<string, { username: string; password: string }>;

/**
 * What the console's browser tests start with (test/web/*.e2e-spec.ts): the built console, the real server with its
 * queue workers listening on a free port, a bootstrap admin's token, the people's accounts, and one township.
 */
export async function startConsoleServer(
  people: ConsolePeople,
  township: { code: string; name: string; population: number },
): Promise<{ t: TestApp; base: string; boot: { Authorization: string } }> {
  await ensureConsoleBuilt();
  const t = await createTestApp({ workers: true });
  const port = await freePort();
  await t.app.listen(port, '127.0.0.1');
  const boot = (await t.userWithToken('admin')).auth;
  for (const [role, p] of Object.entries(people)) {
    await t
      .http()
      .post('/api/v1/users')
      .set(boot)
      .send({ username: p.username, password: p.password, role: role.replace(/\d$/, '') })
      .expect(201);
  }
  await t
    .http()
    .put(`/api/v1/townships/${township.code}`)
    .set(boot)
    .send({ name: township.name, population: township.population })
    .expect(200);
  return { t, base: `http://127.0.0.1:${port}`, boot };
}

/** Creates a community institution with 30 approved slots in `township`, uploads its materials and submits its filing. */
export async function submitFiling(
  t: TestApp,
  boot: { Authorization: string },
  i: { id: string; name: string; creditCode: string },
  township: string,
  address: string,
): Promise<void> {
  const created = await t
    .http()
    .post('/api/v1/institutions')
    .set(boot)
    .send({
      name: i.name,
      creditCode: i.creditCode,
      kind: 'COMMUNITY',
      township,
      address,
      approvedSlots: 30,
      bankAccount: bankAccount(i.name),
    })
    .expect(201);
  i.id = created.body.id;
  await uploadRequiredDocuments(t, boot, i.id);
  await t.http().post(`/api/v1/institutions/${i.id}/submit`).set(boot).expect(200);
}
