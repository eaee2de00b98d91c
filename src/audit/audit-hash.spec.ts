import { auditHash, canonicalJson, GENESIS_HASH } from './audit-hash';
import { sanitizeForAudit } from './audit-sanitize';

const content = {
  at: new Date('2026-01-01T00:00:00.000Z'),
  actorId: null,
  role: 'admin',
  action: 'INSTITUTION_CREATED',
  entityType: 'Institution',
  entityId: 'abc',
  before: null,
  after: { b: 1, a: { d: [1, 2], c: 'x' } },
  requestId: 'r1',
  ip: '127.0.0.1',
};

describe('audit hash', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
    const reordered = { ...content, after: { a: { c: 'x', d: [1, 2] }, b: 1 } };
    expect(auditHash(GENESIS_HASH, reordered)).toBe(auditHash(GENESIS_HASH, content));
  });

  it('hashes a stored row (with its id and own hash) like the content it was written from', () => {
    const row = { ...content, id: 42n, prevHash: GENESIS_HASH, hash: 'f'.repeat(64) };
    expect(auditHash(GENESIS_HASH, row)).toBe(auditHash(GENESIS_HASH, content));
  });

  it('changes with the content and with the previous hash', () => {
    const h = auditHash(GENESIS_HASH, content);
    expect(auditHash(GENESIS_HASH, { ...content, action: 'X' })).not.toBe(h);
    expect(auditHash('1'.repeat(64), content)).not.toBe(h);
  });
});

describe('sanitizeForAudit', () => {
  it('masks resident IDs typed into free text, and leaves other numbers alone', () => {
    expect(sanitizeForAudit({ reason: '儿童11010519491231002x转园; 电话13812345678; 编号2026000000000000001' })).toEqual({
      reason: '儿童110105********002X转园; 电话13812345678; 编号2026000000000000001',
    });
  });

  it('drops secrets and masks resident IDs', () => {
    expect(sanitizeForAudit({ passwordHash: 'h', idCipher: 'c', idNumber: '11010519491231002X', when: new Date(0), n: 5n })).toEqual({
      idNumber: '110105********002X',
      when: '1970-01-01T00:00:00.000Z',
      n: 5,
    });
  });
});
