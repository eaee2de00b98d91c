import { loadConfig } from '../../src/infra/config/app-config';
import { createHash } from 'node:crypto';
import { institutionBody } from '../registry/helpers';
import { createInstitution } from '../utils/factories';
import { PDF_BYTES, PNG_BYTES, REQUIRED_KINDS, uploadDocument, uploadRequiredDocuments } from '../utils/filing-documents';
import { createTestApp, TestApp } from '../utils/test-app';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A Windows executable (MZ header) renamed to look like a PDF. */
const EXECUTABLE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);

function binaryParser(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
}

describe('filing materials (备案材料)', () => {
  let t: TestApp;
  let admin: User;
  let auditor: User;
  let operator: User;
  let otherOperator: User;
  let ownId: string;
  let otherId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-10T04:00:00Z' });
    admin = await t.userWithToken('admin');
    auditor = await t.userWithToken('auditor');
    ownId = (await t.http().post('/api/v1/institutions').set(admin.auth).send(institutionBody()).expect(201)).body.id;
    otherId = (await createInstitution(t.prisma)).id;
    operator = await t.userWithToken('operator', ownId);
    otherOperator = await t.userWithToken('operator', otherId);
  });
  afterAll(() => t.close());

  it('stores an upload with its Chinese name, the type from the bytes, size and SHA-256; the download is audited and not cached', async () => {
    const content = Buffer.concat([PDF_BYTES, Buffer.alloc(600 * 1024, 0x20)]); // several storage chunks
    const res = await uploadDocument(t, operator.auth, ownId, 'OTHER', { fileName: '场地租赁合同（2026）.pdf', content }).expect(201);
    expect(res.body).toMatchObject({
      institutionId: ownId,
      kind: 'OTHER',
      fileName: '场地租赁合同（2026）.pdf',
      contentType: 'application/pdf',
      sizeBytes: content.length,
      sha256: sha256(content),
      uploadedBy: operator.id,
      uploadedAt: expect.stringMatching(/^2026-06-10T04:00/),
      expiresOn: null,
      current: true,
    });
    expect(
      await t.prisma.documentChunk.count({
        where: { blobId: (await t.prisma.document.findUniqueOrThrow({ where: { id: res.body.id } })).storageKey },
      }),
    ).toBe(3);

    const download = await t
      .http()
      .get(`/api/v1/documents/${res.body.id}/content`)
      .set(operator.auth)
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, content)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['cache-control']).toBe('no-store');
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('场地租赁合同（2026）.pdf')}`);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"/);

    const audit = await t.prisma.auditLog.findMany({ where: { entityType: 'Document', entityId: res.body.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['DOCUMENT_UPLOADED', operator.id],
      ['DOCUMENT_DOWNLOADED', operator.id],
    ]);
  });

  it('recognises the type from the bytes: a renamed executable is refused (422) and nothing is kept', async () => {
    const blobsBefore = await t.prisma.documentBlob.count();
    const res = await uploadDocument(t, operator.auth, ownId, 'PREMISES', { fileName: '场地证明.pdf', content: EXECUTABLE });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(await t.prisma.document.count({ where: { institutionId: ownId, kind: 'PREMISES' } })).toBe(0);
    expect(await t.prisma.documentBlob.count()).toBe(blobsBefore);
    // a PNG named .pdf is a PNG
    const png = await uploadDocument(t, operator.auth, ownId, 'OTHER', { fileName: 'photo.pdf', content: PNG_BYTES }).expect(201);
    expect(png.body.contentType).toBe('image/png');
  });

  it('replays an upload sent again with the same Idempotency-Key, refuses the key with another file, and keeps no extra content', async () => {
    const send = (content: Buffer) =>
      t
        .http()
        .post(`/api/v1/institutions/${ownId}/documents`)
        .set(operator.auth)
        .set('Idempotency-Key', 'upload-health-evaluation-1')
        .field('kind', 'OTHER')
        .attach('file', content, { filename: '卫生评价.pdf', contentType: 'application/pdf' });
    const first = await send(PDF_BYTES).expect(201);
    const blobs = await t.prisma.documentBlob.count();
    const again = await send(PDF_BYTES).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await t.prisma.documentBlob.count()).toBe(blobs);
    const other = await send(Buffer.concat([PDF_BYTES, Buffer.from('changed')]));
    expect(other.status).toBe(409);
    expect(await t.prisma.documentBlob.count()).toBe(blobs);
    expect(await t.prisma.document.count({ where: { institutionId: ownId, fileName: '卫生评价.pdf' } })).toBe(1);
  });

  it('refuses an unknown kind and a bad expiry date with 422, and a file-less upload', async () => {
    const bad = await uploadDocument(t, operator.auth, ownId, 'PASSPORT');
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['kind']);
    expect((await uploadDocument(t, operator.auth, ownId, 'FIRE_SAFETY', { expiresOn: '2026-02-30' })).status).toBe(422);
    const none = await t.http().post(`/api/v1/institutions/${ownId}/documents`).set(operator.auth).field('kind', 'OTHER');
    expect(none.status).toBe(422);
  });

  it("never lets an operator reach another institution's documents (404)", async () => {
    const doc = (await uploadDocument(t, admin.auth, otherId, 'BUSINESS_LICENSE').expect(201)).body;
    const attempts = [
      t.http().get(`/api/v1/institutions/${otherId}/documents`).set(operator.auth),
      t.http().get(`/api/v1/documents/${doc.id}/content`).set(operator.auth),
      t.http().delete(`/api/v1/documents/${doc.id}`).set(operator.auth),
      uploadDocument(t, operator.auth, otherId, 'PREMISES'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(otherId);
    }
    expect(await t.prisma.document.count({ where: { institutionId: otherId } })).toBe(1);
    // its own operator and the bureau do reach it
    await t.http().get(`/api/v1/documents/${doc.id}/content`).set(otherOperator.auth).expect(200);
    await t.http().get(`/api/v1/institutions/${otherId}/documents`).set(auditor.auth).expect(200);
  });

  it('keeps replaced and removed documents in the history', async () => {
    const first = (await uploadDocument(t, operator.auth, ownId, 'FIRE_SAFETY', { fileName: '消防一.pdf' }).expect(201)).body;
    const second = (await uploadDocument(t, operator.auth, ownId, 'FIRE_SAFETY', { fileName: '消防二.pdf' }).expect(201)).body;
    const current = (await t.http().get(`/api/v1/institutions/${ownId}/documents`).set(operator.auth).expect(200)).body;
    expect(current.filter((d: { kind: string }) => d.kind === 'FIRE_SAFETY').map((d: { id: string }) => d.id)).toEqual([second.id]);

    await t.http().delete(`/api/v1/documents/${second.id}`).set(operator.auth).expect(204);
    expect((await t.http().delete(`/api/v1/documents/${second.id}`).set(operator.auth)).body.code).toBe('DOCUMENT_NOT_CURRENT');
    const history = (await t.http().get(`/api/v1/institutions/${ownId}/documents?history=true`).set(operator.auth).expect(200)).body;
    const fire = history.filter((d: { kind: string }) => d.kind === 'FIRE_SAFETY');
    expect(fire).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: first.id, current: false, replacedById: second.id }),
        expect.objectContaining({ id: second.id, current: false, removedAt: expect.any(String) }),
      ]),
    );
    // a removed document can still be read (kept, never erased)
    await t.http().get(`/api/v1/documents/${second.id}/content`).set(admin.auth).expect(200);
  });

  it('refuses submitting without every required kind, naming each missing one in Chinese (422 FILING_INCOMPLETE)', async () => {
    const id = (
      await t
        .http()
        .post('/api/v1/institutions')
        .set(admin.auth)
        .send(institutionBody({ servesMeals: true }))
        .expect(201)
    ).body.id;
    const op = await t.userWithToken('operator', id);
    await uploadDocument(t, op.auth, id, 'BUSINESS_LICENSE').expect(201);
    const res = await t.http().post(`/api/v1/institutions/${id}/submit`).set(op.auth).expect(422);
    expect(res.body.code).toBe('FILING_INCOMPLETE');
    expect(res.body.details).toEqual([
      { field: 'documents', code: 'DOCUMENT_MISSING', message: '缺少备案材料：场地证明（PREMISES）' },
      { field: 'documents', code: 'DOCUMENT_MISSING', message: '缺少备案材料：消防安全检查合格证明（FIRE_SAFETY）' },
      { field: 'documents', code: 'DOCUMENT_MISSING', message: '缺少备案材料：卫生评价报告（HEALTH_EVALUATION）' },
      { field: 'documents', code: 'DOCUMENT_MISSING', message: '缺少备案材料：从业人员资格证书及健康证明（STAFF_CERTIFICATES）' },
      { field: 'documents', code: 'DOCUMENT_MISSING', message: '缺少备案材料：备案书（FILING_FORM）' },
      { field: 'documents', code: 'DOCUMENT_MISSING', message: '缺少备案材料：承诺书（COMMITMENT）' },
      { field: 'documents', code: 'DOCUMENT_MISSING', message: '缺少备案材料：食品经营许可证（FOOD_LICENSE）' },
    ]);
    // all but the food licence: still refused, for that one only; without meals it would pass
    for (const kind of REQUIRED_KINDS.slice(1)) await uploadDocument(t, op.auth, id, kind).expect(201);
    const again = await t.http().post(`/api/v1/institutions/${id}/submit`).set(op.auth).expect(422);
    expect(again.body.details.map((d: { message: string }) => d.message)).toEqual(['缺少备案材料：食品经营许可证（FOOD_LICENSE）']);
    // a removed document no longer counts
    await uploadDocument(t, op.auth, id, 'FOOD_LICENSE').expect(201);
    const premises = (await t.http().get(`/api/v1/institutions/${id}/documents`).set(op.auth)).body.find(
      (d: { kind: string }) => d.kind === 'PREMISES',
    );
    await t.http().delete(`/api/v1/documents/${premises.id}`).set(op.auth).expect(204);
    expect((await t.http().post(`/api/v1/institutions/${id}/submit`).set(op.auth).expect(422)).body.details).toHaveLength(1);
    await uploadDocument(t, op.auth, id, 'PREMISES').expect(201);
    await t.http().post(`/api/v1/institutions/${id}/submit`).set(op.auth).expect(200);
  });

  it('returned with a reason per document, replaced while RETURNED, resubmitted and filed; then the documents are kept', async () => {
    const id = (await t.http().post('/api/v1/institutions').set(admin.auth).send(institutionBody()).expect(201)).body.id;
    const op = await t.userWithToken('operator', id);
    const ids = await uploadRequiredDocuments(t, op.auth, id);
    await t.http().post(`/api/v1/institutions/${id}/submit`).set(op.auth).expect(200);

    // SUBMITTED: the operator can neither add nor remove
    expect((await uploadDocument(t, op.auth, id, 'OTHER')).body.code).toBe('INSTITUTION_NOT_EDITABLE');
    expect((await t.http().delete(`/api/v1/documents/${ids.FIRE_SAFETY}`).set(op.auth)).status).toBe(409);

    const unknown = await t
      .http()
      .post(`/api/v1/institutions/${id}/return`)
      .set(admin.auth)
      .send({ reason: '材料不全', documents: [{ documentId: '00000000-0000-4000-8000-000000000000', reason: 'x' }] });
    expect(unknown.status).toBe(422);
    await t
      .http()
      .post(`/api/v1/institutions/${id}/return`)
      .set(admin.auth)
      .send({
        reason: '消防检查证明已过期',
        documents: [{ documentId: ids.FIRE_SAFETY, reason: '证明已过有效期，请上传新的检查合格证明' }],
      })
      .expect(200);
    const listed = (await t.http().get(`/api/v1/institutions/${id}/documents`).set(op.auth)).body;
    expect(listed.find((d: { id: string }) => d.id === ids.FIRE_SAFETY).returnReason).toBe('证明已过有效期，请上传新的检查合格证明');

    const replacement = (await uploadDocument(t, op.auth, id, 'FIRE_SAFETY', { expiresOn: '2027-06-01' }).expect(201)).body;
    await t.http().post(`/api/v1/institutions/${id}/submit`).set(op.auth).expect(200);
    await t.http().post(`/api/v1/institutions/${id}/approve`).set(admin.auth).send({}).expect(200);

    const history = (await t.http().get(`/api/v1/institutions/${id}/documents?history=true`).set(op.auth)).body;
    expect(history.find((d: { id: string }) => d.id === ids.FIRE_SAFETY)).toMatchObject({
      current: false,
      replacedById: replacement.id,
      returnReason: '证明已过有效期，请上传新的检查合格证明',
    });
    // FILED: kept; the operator cannot remove
    expect((await t.http().delete(`/api/v1/documents/${replacement.id}`).set(op.auth)).status).toBe(409);
    expect((await uploadDocument(t, op.auth, id, 'OTHER')).status).toBe(409);
  });

  it('lists documents expiring within 30 days (and expired ones) for the health bureau', async () => {
    const id = (await createInstitution(t.prisma)).id;
    const soon = (await uploadDocument(t, admin.auth, id, 'FIRE_SAFETY', { expiresOn: '2026-07-09' }).expect(201)).body; // 29 days
    const late = (await uploadDocument(t, admin.auth, id, 'HEALTH_EVALUATION', { expiresOn: '2026-07-11' }).expect(201)).body; // 31 days
    const expired = (await uploadDocument(t, admin.auth, id, 'FOOD_LICENSE', { expiresOn: '2026-06-01' }).expect(201)).body;
    const edge = (await uploadDocument(t, admin.auth, id, 'PREMISES', { expiresOn: '2026-07-10' }).expect(201)).body; // exactly 30

    const res = await t.http().get('/api/v1/documents/expiring?withinDays=30&pageSize=200').set(auditor.auth).expect(200);
    const mine = res.body.items.filter((d: { institutionId: string }) => d.institutionId === id);
    expect(mine.map((d: { id: string; daysLeft: number }) => [d.id, d.daysLeft])).toEqual([
      [expired.id, -9],
      [soon.id, 29],
      [edge.id, 30],
    ]);
    expect(mine.map((d: { id: string }) => d.id)).not.toContain(late.id);
    expect(mine[0].institutionName).toEqual(expect.any(String));
    // a replaced one leaves the list
    await uploadDocument(t, admin.auth, id, 'FIRE_SAFETY', { expiresOn: '2027-07-09' }).expect(201);
    const after = (await t.http().get('/api/v1/documents/expiring?pageSize=200').set(admin.auth).expect(200)).body.items;
    expect(after.map((d: { id: string }) => d.id)).not.toContain(soon.id);
    expect((await t.http().get('/api/v1/documents/expiring').set(operator.auth)).status).toBe(403);
  });
});

describe('filing materials: the size limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DOCUMENT_LIMIT_BYTES: '4096' } });
  });
  afterAll(() => t.close());

  it('refuses a file above DOCUMENT_LIMIT_BYTES with 413 and keeps nothing; one at the limit is accepted', async () => {
    const admin = await t.userWithToken('admin');
    const id = (await createInstitution(t.prisma)).id;
    const blobsBefore = await t.prisma.documentBlob.count();
    const tooBig = Buffer.concat([PDF_BYTES, Buffer.alloc(4097 - PDF_BYTES.length, 0x20)]);
    const res = await uploadDocument(t, admin.auth, id, 'OTHER', { content: tooBig });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await t.prisma.documentBlob.count()).toBe(blobsBefore);
    expect(await t.prisma.document.count({ where: { institutionId: id } })).toBe(0);
    const atLimit = tooBig.subarray(0, 4096);
    expect((await uploadDocument(t, admin.auth, id, 'OTHER', { content: atLimit }).expect(201)).body.sizeBytes).toBe(4096);
  });

  it('defaults to 10 MiB', () => {
    expect(t.config.documentLimitBytes).toBe(4096);
    const { DOCUMENT_LIMIT_BYTES: _unset, ...env } = process.env;
    expect(loadConfig(env).documentLimitBytes).toBe(10 * 1024 * 1024);
  });
});
