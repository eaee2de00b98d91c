import { maskName } from '../common/masking';
import { toDateString } from '../common/month';
import type { PiiCipher } from '../infra/crypto/pii-cipher';

/** A child as answered to anyone: ID number and name masked (API.md). */
export interface ChildView {
  id: string;
  idNumber: string;
  name: string;
  birthDate: string;
  sex: string;
  /** confirmed birth order (null until a roster listing the child is approved) */
  birthOrder: number | null;
  birthOrderConfirmedAt: string | null;
  rosters: { rosterId: string; institutionId: string; month: string; version: number; status: string }[];
}

export function toChildView(
  child: {
    id: string;
    idMasked: string;
    nameCipher: string;
    keyId: string;
    birthDate: Date;
    sex: string;
    birthOrder: number | null;
    birthOrderConfirmedAt: Date | null;
  },
  cipher: PiiCipher,
  rosters: ChildView['rosters'],
): ChildView {
  return {
    id: child.id,
    idNumber: child.idMasked,
    name: maskName(cipher.decrypt(child.nameCipher, child.keyId)),
    birthDate: toDateString(child.birthDate),
    sex: child.sex.trim(),
    birthOrder: child.birthOrder,
    birthOrderConfirmedAt: child.birthOrderConfirmedAt?.toISOString() ?? null,
    rosters,
  };
}
