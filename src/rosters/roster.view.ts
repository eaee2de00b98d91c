import { maskName, maskPhone } from '../common/masking';
import { toDateString } from '../common/month';
import { RosterStatus } from '../generated/prisma/enums';
import { ApiDate, ApiEnum, ApiExample, ApiInt, ApiMonth, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';
import { label, ROSTER_STATUS_LABELS } from '../common/i18n/labels';

/**
 * One roster entry as answered: the child as the roster reported it (ID number and name as typed, masked), the
 * guardian's details masked (docs/api.md). Never what the registry holds for that ID number in an operator's answer.
 */
export class RosterEntryView {
  /** the row as the operator numbered it (1 = first entry or first data row of the file) */
  @ApiInt({ minimum: 1 })
  rowIndex: number;
  /** the registered child: set when the roster is approved (null before: a draft registers nobody; a correction copies it) */
  @ApiUuid()
  childId: string | null;
  /** masked, as reported */
  @ApiExample('371523********1234')
  idNumber: string;
  /** masked, as reported */
  @ApiExample('张*')
  name: string;
  /** 孩次 as reported */
  @ApiInt({ minimum: 1, maximum: 9 })
  birthOrder: number;
  /**
   * the child's confirmed birth order (once a roster listing them was approved), for reviewers: always null in an
   * operator's answer, which never tells whether a claimed birth order matches the confirmed one
   */
  @ApiInt({ minimum: 1, maximum: 9 })
  confirmedBirthOrder: number | null;
  /** masked */
  @ApiExample('李*')
  guardianName: string;
  /** masked: every digit but the last 4 hidden (a number of fewer than 7 digits entirely) */
  @ApiExample('*******5678')
  guardianPhone: string | null;
  @ApiDate()
  enrolledOn: string;
  @ApiDate()
  withdrawnOn: string | null;
  @ApiInt({ minimum: 0, maximum: 31 })
  attendanceDays: number;
}

export class ByBirthOrderView {
  @ApiInt({ minimum: 0 })
  first: number;
  @ApiInt({ minimum: 0 })
  second: number;
  @ApiInt({ minimum: 0 })
  thirdOrLater: number;
}

export class RosterChangesView {
  @ApiUuid()
  previousRosterId: string;
  @ApiInt({ minimum: 0 })
  joined: number;
  @ApiInt({ minimum: 0 })
  left: number;
}

export const AGE_BANDS = ['UNDER_12_MONTHS', 'FROM_12_TO_24_MONTHS', 'FROM_24_TO_36_MONTHS'] as const;

export class CaregiverRatioBandView {
  /** age on the first day of the month: under 12 months, 12–24, 24–36 (children of 36 months or more are not counted) */
  @ApiEnum(AGE_BANDS, 'AgeBand')
  band: (typeof AGE_BANDS)[number];
  @ApiInt({ minimum: 0 })
  children: number;
  /** the ratio in force for the month (1:3, 1:5, 1:7 by the national standard) */
  @ApiInt({ minimum: 1 })
  childrenPerCaregiver: number;
  /** children ÷ childrenPerCaregiver, rounded up */
  @ApiInt({ minimum: 0 })
  caregiversRequired: number;
}

/** Caregivers the month's children need against those employed during the month (保育人员配比). */
export class CaregiverRatioView {
  bands: CaregiverRatioBandView[];
  /** sum of the bands */
  @ApiInt({ minimum: 0 })
  caregiversRequired: number;
  /** CAREGIVER staff employed on at least one day of the month */
  @ApiInt({ minimum: 0 })
  caregiversActive: number;
  /** fewer caregivers than required */
  short: boolean;
  /** the ratio version applied */
  @ApiMonth()
  policyEffectiveFrom: string | null;
}

/** What a reviewer looks at before approving a roster. */
export class RosterSummaryView {
  @ApiInt({ minimum: 0 })
  entryCount: number;
  byBirthOrder: ByBirthOrderView;
  /** children aged 36 full months or more on the first day of the month (not subsidised) */
  @ApiInt({ minimum: 0 })
  overThree: number;
  /**
   * children also on another institution's roster for the same month: a warning (transfers happen), not an error.
   * For reviewers: null in an operator's answer (it would tell where else an ID number is listed)
   */
  @ApiInt({ minimum: 0 })
  alsoListedElsewhere: number | null;
  /**
   * entries claiming a birth order that differs from the child's confirmed one (approval is refused while any do).
   * For reviewers: null in an operator's answer
   */
  @ApiInt({ minimum: 0 })
  birthOrderConflicts: number | null;
  /** against the institution's effective roster of the previous month (null when there is none) */
  changesSinceLastMonth: RosterChangesView | null;
  caregiverRatio: CaregiverRatioView;
}

/** A roster version without its entries. */
export class RosterHeader {
  @ApiUuid()
  id: string;
  @ApiUuid()
  institutionId: string;
  @ApiMonth()
  month: string;
  /** 1 for the month's first roster; a correction (reopen) is the next version */
  @ApiInt({ minimum: 1 })
  version: number;
  @ApiEnum(RosterStatus, 'RosterStatus')
  status: RosterStatus;
  /** the status in Chinese (草稿, 已提交 …) */
  @ApiExample('已提交')
  statusLabel: string;
  /** why it was returned (while RETURNED, and after) */
  returnReason: string | null;
  @ApiTimestamp()
  createdAt: string;
  @ApiTimestamp()
  updatedAt: string;
  @ApiTimestamp()
  submittedAt: string | null;
  @ApiTimestamp()
  reviewedAt: string | null;
  @ApiTimestamp()
  lockedAt: string | null;
}

/** A roster with its entries (masked) and the reviewer's summary. */
export class RosterView extends RosterHeader {
  entries: RosterEntryView[];
  summary: RosterSummaryView;
}

/** A roster in a list: no entries, their count, and the institution's name. */
export class RosterListItem extends RosterHeader {
  @ApiExample('茌平区阳光托育中心')
  institutionName: string;
  @ApiInt({ minimum: 0 })
  entryCount: number;
}

interface RosterRow {
  id: string;
  institutionId: string;
  month: string;
  version: number;
  status: RosterStatus;
  returnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  lockedAt: Date | null;
}

/** An entry as stored: the child as reported (name sealed "<keyId>:<ciphertext>"), and the registry's confirmed birth order. */
export interface EntryRow {
  rowIndex: number;
  childId: string | null;
  birthOrder: number;
  guardianNameCipher: string;
  guardianPhoneCipher: string | null;
  enrolledOn: Date;
  withdrawnOn: Date | null;
  attendanceDays: number;
  idMasked: string;
  nameSealed: string;
  birthDate: Date;
  /** the HMAC of the reported ID number: the same child across rosters, registered or not */
  childKey: string;
  confirmedBirthOrder: number | null;
}

export function toRosterHeader(r: RosterRow): RosterHeader {
  return {
    id: r.id,
    institutionId: r.institutionId,
    month: r.month,
    version: r.version,
    status: r.status,
    statusLabel: label(ROSTER_STATUS_LABELS, r.status),
    returnReason: r.returnReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    lockedAt: r.lockedAt?.toISOString() ?? null,
  };
}

export function toRosterListItem(r: RosterRow & { institution: { name: string }; _count: { entries: number } }): RosterListItem {
  return { ...toRosterHeader(r), institutionName: r.institution.name, entryCount: r._count.entries };
}

/**
 * `open(sealed)` for the child's name and the guardian's details. `forReviewer`: the registry's confirmed birth order
 * is shown (admin, finance, auditor), never to an operator.
 */
export function toEntryView(e: EntryRow, open: (sealed: string) => string, forReviewer: boolean): RosterEntryView {
  return {
    rowIndex: e.rowIndex,
    childId: e.childId,
    idNumber: e.idMasked,
    name: maskName(open(e.nameSealed)),
    birthOrder: e.birthOrder,
    confirmedBirthOrder: forReviewer ? e.confirmedBirthOrder : null,
    guardianName: maskName(open(e.guardianNameCipher)),
    guardianPhone: e.guardianPhoneCipher === null ? null : maskPhone(open(e.guardianPhoneCipher)),
    enrolledOn: toDateString(e.enrolledOn),
    withdrawnOn: e.withdrawnOn ? toDateString(e.withdrawnOn) : null,
    attendanceDays: e.attendanceDays,
  };
}
