import { randomBytes } from 'node:crypto';
import { PiiCipher } from './pii-cipher';

describe('PiiCipher', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const hmacKey = randomBytes(32);

  it('round-trips and never stores the plain text', () => {
    const cipher = new PiiCipher(new Map([['k1', k1]]), 'k1', hmacKey);
    const stored = cipher.encrypt('11010519491231002X');
    expect(Buffer.from(stored, 'base64').toString('latin1')).not.toContain('11010519491231002X');
    expect(cipher.decrypt(stored, 'k1')).toBe('11010519491231002X');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('reads data written under an older key after rotation', () => {
    const old = new PiiCipher(new Map([['k1', k1]]), 'k1', hmacKey);
    const rotated = new PiiCipher(
      new Map([
        ['k1', k1],
        ['k2', k2],
      ]),
      'k2',
      hmacKey,
    );
    expect(rotated.decrypt(old.encrypt('张小明'), 'k1')).toBe('张小明');
  });

  it('refuses tampered ciphertext', () => {
    const cipher = new PiiCipher(new Map([['k1', k1]]), 'k1', hmacKey);
    const raw = Buffer.from(cipher.encrypt('abc'), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.decrypt(raw.toString('base64'), 'k1')).toThrow();
  });

  it('hashes deterministically under its key', () => {
    const a = new PiiCipher(new Map([['k1', k1]]), 'k1', hmacKey);
    expect(a.hmac('x')).toBe(a.hmac('x'));
    expect(new PiiCipher(new Map([['k1', k1]]), 'k1', randomBytes(32)).hmac('x')).not.toBe(a.hmac('x'));
  });
});
