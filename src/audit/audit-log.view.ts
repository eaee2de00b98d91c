import { ApiProperty } from '@nestjs/swagger';
import { ApiExample, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

/** One audit log entry (personal data masked; never an ID number or a password). */
export class AuditLogView {
  /** position in the hash chain (a decimal string: the id is a 64-bit integer) */
  @ApiExample('1024')
  id: string;
  @ApiTimestamp()
  at: string;
  /** null for system actions (scheduler, workers) and failed logins */
  @ApiUuid()
  actorId: string | null;
  /** the actor's role at the time (a Role value) */
  @ApiExample('admin')
  role: string | null;
  @ApiExample('ROSTER_APPROVED')
  action: string;
  @ApiExample('Roster')
  entityType: string;
  entityId: string | null;
  /** the record before the change (masked) */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  before: unknown;
  /** the record after the change, or what was attempted (masked) */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after: unknown;
  requestId: string | null;
  ip: string | null;
  /** sha256 of this entry and the previous hash */
  hash: string;
  prevHash: string;
}

/** The result of recomputing the hash chain. */
export class AuditVerifyView {
  valid: boolean;
  /** entries checked before the first broken one (all of them when valid) */
  checked: number;
  /** the first entry whose hash or link does not match */
  firstBrokenId?: string;
}
