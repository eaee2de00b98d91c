import { createCipheriv, createDecipheriv, createHmac, createSecretKey, KeyObject, randomBytes } from 'node:crypto';

const IV_BYTES = 12;

/**
 * Encryption at rest for personal data (children's ID numbers and names, guardians' details):
 * AES-256-GCM, a fresh 96-bit IV per value, stored as base64 of iv|tag|ciphertext beside the key id,
 * so keys can rotate (new data uses the active key; old data stays readable while its key is configured).
 * Look-ups use an HMAC-SHA256 of the value under a separate key, never the plain value.
 */
export class PiiCipher {
  // fresh IVs are drawn from the CSPRNG in blocks (one randomBytes call per 512 values instead of one per value, which
  // costs as much as the encryption itself); every IV is used once
  private ivs = Buffer.alloc(0);
  private ivAt = 0;
  // key objects made once (a raw key buffer is imported again on every createCipheriv)
  private readonly keyObjects: Map<string, KeyObject>;
  private readonly hmacKeyObject: KeyObject;

  constructor(
    keys: Map<string, Buffer>,
    readonly activeKeyId: string,
    hmacKey: Buffer,
  ) {
    this.keyObjects = new Map([...keys].map(([id, key]) => [id, createSecretKey(key)]));
    this.hmacKeyObject = createSecretKey(hmacKey);
  }

  encrypt(plain: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(stored: string, keyId: string): string {
    const raw = Buffer.from(stored, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash for finding a person by ID number (hex, 64 characters). */
  hmac(value: string): string {
    return createHmac('sha256', this.hmacKeyObject).update(value).digest('hex');
  }

  private nextIv(): Buffer {
    if (this.ivAt + IV_BYTES > this.ivs.length) {
      this.ivs = randomBytes(IV_BYTES * 512);
      this.ivAt = 0;
    }
    const iv = this.ivs.subarray(this.ivAt, this.ivAt + IV_BYTES);
    this.ivAt += IV_BYTES;
    return iv;
  }

  private key(id: string): KeyObject {
    const key = this.keyObjects.get(id);
    if (!key) throw new Error(`Encryption key "${id}" is not configured (PII_KEYS)`);
    return key;
  }
}
