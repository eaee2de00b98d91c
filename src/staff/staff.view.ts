import { toDateString } from '../common/month';
import { StaffRole } from '../generated/prisma/enums';
import { ApiDate, ApiEnum, ApiExample, ApiMonth, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

/** One person of the staff register (从业人员); ID number and name masked. */
export class StaffView {
  @ApiUuid()
  id: string;
  @ApiUuid()
  institutionId: string;
  /** masked */
  @ApiExample('371523********1234')
  idNumber: string;
  /** masked */
  @ApiExample('王**')
  name: string;
  @ApiEnum(StaffRole, 'StaffRole')
  role: StaffRole;
  /** 保育人员资格证书编号 */
  qualificationNo: string | null;
  @ApiDate()
  healthCertificateExpiresOn: string;
  /** 无犯罪记录查询日期 */
  @ApiDate()
  backgroundCheckedOn: string | null;
  @ApiDate()
  startedOn: string;
  @ApiDate()
  endedOn: string | null;
  /** working today: started and not ended */
  active: boolean;
  @ApiTimestamp()
  createdAt: string;
}

export const ATTENTION_REASONS = ['HEALTH_CERTIFICATE_EXPIRED', 'HEALTH_CERTIFICATE_EXPIRING', 'BACKGROUND_CHECK_MISSING'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

/** A person on the health bureau's attention list, with why. */
export class StaffAttentionView extends StaffView {
  @ApiExample('茌平区阳光托育中心')
  institutionName: string;
  @ApiEnum(ATTENTION_REASONS, 'StaffAttentionReason', { isArray: true })
  reasons: AttentionReason[];
}

/** A version of the caregiver-to-child ratios (children per caregiver), in force from effectiveFrom. */
export class CaregiverRatioPolicyView {
  @ApiUuid()
  id: string;
  @ApiMonth({ example: '2024-01' })
  effectiveFrom: string;
  /** children per caregiver under 12 months */
  @ApiExample(3)
  under12: number;
  /** children per caregiver from 12 to 24 months */
  @ApiExample(5)
  from12To24: number;
  /** children per caregiver from 24 to 36 months */
  @ApiExample(7)
  from24To36: number;
  @ApiTimestamp()
  createdAt: string;
}

export function dateOrNull(d: Date | null): string | null {
  return d ? toDateString(d) : null;
}
