import { ApiProperty } from '@nestjs/swagger';
import { maskName } from '../common/masking';
import { toDateString } from '../common/month';
import { RosterStatus } from '../generated/prisma/enums';
import type { PiiCipher } from '../infra/crypto/pii-cipher';
import { ApiDate, ApiEnum, ApiExample, ApiInt, ApiMonth, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

/** A roster version listing the child. */
export class ChildRosterView {
  @ApiUuid()
  rosterId: string;
  @ApiUuid()
  institutionId: string;
  @ApiMonth()
  month: string;
  @ApiInt({ minimum: 1 })
  version: number;
  @ApiEnum(RosterStatus, 'RosterStatus')
  status: RosterStatus;
}

/** A child as answered to anyone: ID number and name masked (docs/api.md). */
export class ChildView {
  @ApiUuid()
  id: string;
  /** masked: first 6 and last 4 characters kept */
  @ApiExample('371523********1234')
  idNumber: string;
  /** masked */
  @ApiExample('张*')
  name: string;
  @ApiDate()
  birthDate: string;
  @ApiProperty({ enum: ['M', 'F'], example: 'F' })
  sex: string;
  /** confirmed birth order (null until a roster listing the child is approved) */
  @ApiInt({ minimum: 1, maximum: 9 })
  birthOrder: number | null;
  @ApiTimestamp()
  birthOrderConfirmedAt: string | null;
  /** newest month first (an operator sees only their own institution's) */
  rosters: ChildRosterView[];
}

/** The full resident ID number (admin only; every reveal is audited). */
export class RevealedIdNumberView {
  @ApiUuid()
  id: string;
  @ApiExample('371523202401011234')
  idNumber: string;
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
    sex: child.sex,
    birthOrder: child.birthOrder,
    birthOrderConfirmedAt: child.birthOrderConfirmedAt?.toISOString() ?? null,
    rosters,
  };
}
