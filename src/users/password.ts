import { hash, verify } from '@node-rs/argon2';

// argon2id with the library defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** A real hash to verify against when the username does not exist, so timing does not reveal which usernames exist. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('not-a-real-password-0000');
  return dummyHash;
}
