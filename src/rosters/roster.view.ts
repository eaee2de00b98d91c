import { maskName, maskPhone } from '../common/masking';
import { toDateString } from '../common/month';
import type { RosterSummary } from './roster-summary';

/** One roster entry as answered: the child's ID number, name and the guardian's details masked (API.md). */
export interface RosterEntryView {
  rowIndex: number;
  childId: string;
  idNumber: string;
  name: string;
  birthOrder: number;
  /** the child's confirmed birth order, when one roster listing them was approved */
  confirmedBirthOrder: number | null;
  guardianName: string;
  guardianPhone: string | null;
  enrolledOn: string;
  withdrawnOn: string | null;
  attendanceDays: number;
}

export interface RosterHeader {
  id: string;
  institutionId: string;
  month: string;
  version: number;
  status: string;
  returnReason: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  lockedAt: string | null;
}

export interface RosterView extends RosterHeader {
  entries: RosterEntryView[];
  summary: RosterSummary;
}

export type RosterListItem = RosterHeader & { entryCount: number };

interface RosterRow {
  id: string;
  institutionId: string;
  month: string;
  version: number;
  status: string;
  returnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  lockedAt: Date | null;
}

export interface EntryRow {
  rowIndex: number;
  childId: string;
  birthOrder: number;
  guardianNameCipher: string;
  guardianPhoneCipher: string | null;
  enrolledOn: Date;
  withdrawnOn: Date | null;
  attendanceDays: number;
  child: { idMasked: string; nameCipher: string; keyId: string; birthDate: Date; birthOrder: number | null };
}

export function toRosterHeader(r: RosterRow): RosterHeader {
  return {
    id: r.id,
    institutionId: r.institutionId,
    month: r.month.trim(),
    version: r.version,
    status: r.status,
    returnReason: r.returnReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    lockedAt: r.lockedAt?.toISOString() ?? null,
  };
}

/** `decrypt(cipher, keyId)` for the child's name, `open(sealed)` for the guardian's details. */
export function toEntryView(
  e: EntryRow,
  decrypt: (cipher: string, keyId: string) => string,
  open: (sealed: string) => string,
): RosterEntryView {
  return {
    rowIndex: e.rowIndex,
    childId: e.childId,
    idNumber: e.child.idMasked,
    name: maskName(decrypt(e.child.nameCipher, e.child.keyId)),
    birthOrder: e.birthOrder,
    confirmedBirthOrder: e.child.birthOrder,
    guardianName: maskName(open(e.guardianNameCipher)),
    guardianPhone: e.guardianPhoneCipher === null ? null : maskPhone(open(e.guardianPhoneCipher)),
    enrolledOn: toDateString(e.enrolledOn),
    withdrawnOn: e.withdrawnOn ? toDateString(e.withdrawnOn) : null,
    attendanceDays: e.attendanceDays,
  };
}
