import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import { ChainRow, ChainWalk } from './audit-chain';
import { auditHash as keyedHash, chainPayload, GENESIS_HASH, HashedContent } from './audit-hash';
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

const KEY = Buffer.alloc(32, 1);
const auditHash = (prevHash: string, c: HashedContent) => keyedHash(KEY, prevHash, c);
/** The same content hashed without a key, as anyone could recompute it. */
const unkeyed = (prevHash: string, c: HashedContent) => createHash('sha256').update(chainPayload(prevHash, c)).digest('hex');

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

  it('is keyed: another key or the unkeyed SHA-256 gives another hash', () => {
    const h = auditHash(GENESIS_HASH, content);
    expect(keyedHash(Buffer.alloc(32, 2), GENESIS_HASH, content)).not.toBe(h);
    expect(unkeyed(GENESIS_HASH, content)).not.toBe(h);
  });
});

describe('ChainWalk', () => {
  /** A chain of n entries, each hashed by `hash` (the keyed one unless told). */
  function chain(n: number, hash: (prev: string, c: HashedContent) => string = auditHash, from = GENESIS_HASH, firstId = 1): ChainRow[] {
    const rows: ChainRow[] = [];
    let prevHash = from;
    for (let i = 0; i < n; i += 1) {
      const c = { ...content, entityId: `e${firstId + i}` };
      const row = { ...c, id: BigInt(firstId + i), prevHash, hash: hash(prevHash, c) };
      rows.push(row);
      prevHash = row.hash;
    }
    return rows;
  }
  const walk = (rows: ChainRow[], key = KEY) => {
    const w = new ChainWalk(key);
    for (const row of rows) if (!w.step(row)) break;
    return w.verdict();
  };

  it('accepts a keyed chain, and an empty one', () => {
    expect(walk(chain(3))).toEqual({ valid: true, checked: 3 });
    expect(walk([])).toEqual({ valid: true, checked: 0 });
  });

  it('reports the first entry whose content or link was changed', () => {
    const rows = chain(4);
    rows[2] = { ...rows[2], action: 'FORGED' };
    expect(walk(rows)).toEqual({ valid: false, checked: 2, firstBrokenId: '3' });
    const relinked = chain(4);
    relinked[1] = { ...relinked[1], prevHash: '1'.repeat(64) };
    expect(walk(relinked)).toEqual({ valid: false, checked: 1, firstBrokenId: '2' });
  });

  it('detects a whole chain rewritten consistently without the key (unkeyed, or with another key)', () => {
    expect(walk(chain(3, unkeyed))).toEqual({ valid: false, checked: 0, firstBrokenId: '1' });
    expect(walk(chain(3), Buffer.alloc(32, 2))).toEqual({ valid: false, checked: 0, firstBrokenId: '1' });
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
