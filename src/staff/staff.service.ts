import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, isOperator } from '../auth/access';
import { ConflictError, ErrorDetail, NotFoundError, UnprocessableError } from '../common/errors';
import { checkResidentId, normalizeResidentId } from '../common/identity/resident-id';
import { maskIdNumber, maskName } from '../common/masking';
import { shanghaiToday, toDateString } from '../common/month';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { Clock } from '../infra/clock/clock';
import { PiiCipher } from '../infra/crypto/pii-cipher';
import { Transactions, Tx } from '../infra/database/transactions';
import { CreateStaffDto, EndStaffDto, StaffAttentionQuery, StaffListQuery } from './dto/staff.dto';
import { StaffRepository, type Staff } from './staff.repository';
import { AttentionReason, dateOrNull, StaffAttentionView, StaffView } from './staff.view';

const DAY_MS = 24 * 3600 * 1000;
const day = (s: string) => new Date(`${s}T00:00:00Z`);

const ID_MESSAGES = {
  FORMAT: '身份证号须为 18 位（17 位数字加 1 位数字或 X）',
  BIRTH_DATE: '身份证号中的出生日期无效',
  CHECKSUM: '身份证号校验位不正确',
} as const;

/**
 * The staff register (从业人员). One person (by the HMAC of the ID number) is active at one institution at a time:
 * a registration whose period overlaps an open or later-ending one elsewhere → 409 STAFF_ACTIVE_ELSEWHERE, without
 * naming the other institution to an operator. Concurrent registrations of one person are serialised by an
 * advisory lock on the hash.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly transactions: Transactions,
    private readonly staff: StaffRepository,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, institutionId: string, dto: CreateStaffDto): Promise<StaffView> {
    assertInstitutionAccess(actor, institutionId);
    const idNumber = normalizeResidentId(dto.idNumber);
    const problems: ErrorDetail[] = [];
    const idProblem = checkResidentId(idNumber);
    if (idProblem) problems.push({ field: 'idNumber', code: 'ID_NUMBER_INVALID', message: ID_MESSAGES[idProblem] });
    if (dto.role === 'CAREGIVER' && !dto.qualificationNo) {
      problems.push({ field: 'qualificationNo', code: 'REQUIRED', message: '保育人员须填写资格证书编号' });
    }
    if (dto.endedOn && dto.endedOn < dto.startedOn) {
      problems.push({ field: 'endedOn', code: 'DATE_INVALID', message: '离职日期不能早于入职日期' });
    }
    if (problems.length) throw new UnprocessableError('从业人员信息有误', problems);

    const idHash = this.cipher.hmac(idNumber);
    const startedOn = day(dto.startedOn);
    const endedOn = dto.endedOn ? day(dto.endedOn) : null;
    const created = await this.transactions.run(async (tx) => {
      if (!(await this.staff.institutionExists(institutionId, tx))) throw new NotFoundError('Institution');
      await this.staff.lockPerson(tx, idHash);
      const overlapping = await this.staff.overlapping(tx, idHash, startedOn, endedOn);
      const here = overlapping.find((s) => s.institutionId === institutionId);
      if (here) throw new ConflictError('STAFF_EXISTS', '此人已在本机构登记，在职期间有重叠；离职后再入职请先登记离职');
      const elsewhere = overlapping[0];
      if (elsewhere) {
        throw new ConflictError(
          'STAFF_ACTIVE_ELSEWHERE',
          '此人在登记的在职期间已在其他机构在职，须由原机构登记离职后才能在本机构登记',
          // the bureau may see where; an operator never learns another institution's staff
          isOperator(actor)
            ? undefined
            : [
                {
                  field: 'idNumber',
                  code: 'STAFF_ACTIVE_ELSEWHERE',
                  message: `在职于：${elsewhere.institution.name}（${elsewhere.institutionId}）`,
                },
              ],
        );
      }
      const row = await this.staff.create(tx, {
        institutionId,
        idHash,
        idCipher: this.cipher.encrypt(idNumber),
        idMasked: maskIdNumber(idNumber),
        nameCipher: this.cipher.encrypt(dto.name.trim()),
        keyId: this.cipher.activeKeyId,
        role: dto.role,
        qualificationNo: dto.qualificationNo?.trim() ?? null,
        healthCertificateExpiresOn: day(dto.healthCertificateExpiresOn),
        backgroundCheckedOn: dto.backgroundCheckedOn ? day(dto.backgroundCheckedOn) : null,
        startedOn,
        endedOn,
        createdById: actor.id,
      });
      await this.audit.record(tx, { action: 'STAFF_ADDED', entityType: 'Staff', entityId: row.id, after: this.view(row) });
      return row;
    });
    return this.view(created);
  }

  async list(actor: Actor, institutionId: string, query: StaffListQuery): Promise<Page<StaffView>> {
    assertInstitutionAccess(actor, institutionId);
    if (!(await this.staff.institutionExists(institutionId))) {
      throw new NotFoundError('Institution');
    }
    const today = day(this.today());
    const [rows, total] = await this.staff.list(institutionId, query.active, today, skipTake(query));
    return toPage(
      rows.map((r) => this.view(r)),
      total,
      query,
    );
  }

  async end(actor: Actor, id: string, dto: EndStaffDto): Promise<StaffView> {
    const found = await this.staff.findById(id);
    if (!found) throw new NotFoundError('Staff');
    assertInstitutionAccess(actor, found.institutionId, 'Staff');
    const updated = await this.transactions.run(async (tx) => {
      const before = await this.staff.getById(tx, id);
      if (before.endedOn) throw new ConflictError('STAFF_ALREADY_ENDED', `已登记离职（${toDateString(before.endedOn)}）`);
      if (dto.endedOn < toDateString(before.startedOn)) {
        throw new UnprocessableError('离职日期有误', [{ field: 'endedOn', code: 'DATE_INVALID', message: '离职日期不能早于入职日期' }]);
      }
      const after = await this.staff.end(tx, id, day(dto.endedOn));
      await this.audit.record(tx, {
        action: 'STAFF_ENDED',
        entityType: 'Staff',
        entityId: id,
        before: { endedOn: null },
        after: { endedOn: dto.endedOn },
      });
      return after;
    });
    return this.view(updated);
  }

  /** Working staff whose health certificate expires within `withinDays` (or has expired), or without a background check. */
  async attention(query: StaffAttentionQuery): Promise<Page<StaffAttentionView>> {
    const todayText = this.today();
    const today = day(todayText);
    const until = new Date(today.getTime() + (query.withinDays ?? 30) * DAY_MS);
    const [rows, total] = await this.staff.needingAttention(today, until, skipTake(query));
    const items = rows.map((r) => {
      const reasons: AttentionReason[] = [];
      if (r.healthCertificateExpiresOn < today) reasons.push('HEALTH_CERTIFICATE_EXPIRED');
      else if (r.healthCertificateExpiresOn <= until) reasons.push('HEALTH_CERTIFICATE_EXPIRING');
      if (!r.backgroundCheckedOn) reasons.push('BACKGROUND_CHECK_MISSING');
      return { ...this.view(r), institutionName: r.institution.name, reasons };
    });
    return toPage(items, total, query);
  }

  /** Distinct caregivers of the institution employed on at least one day of `month` (for the roster's ratio). */
  caregiversActiveIn(institutionId: string, month: string, tx?: Tx): Promise<number> {
    return this.staff.caregiversActiveIn(institutionId, month, tx);
  }

  private today(): string {
    return shanghaiToday(this.clock.now());
  }

  private view(s: Staff): StaffView {
    const today = this.today();
    const started = toDateString(s.startedOn) <= today;
    const ended = s.endedOn ? toDateString(s.endedOn) < today : false;
    return {
      id: s.id,
      institutionId: s.institutionId,
      idNumber: s.idMasked,
      name: maskName(this.cipher.decrypt(s.nameCipher, s.keyId)),
      role: s.role,
      qualificationNo: s.qualificationNo,
      healthCertificateExpiresOn: toDateString(s.healthCertificateExpiresOn),
      backgroundCheckedOn: dateOrNull(s.backgroundCheckedOn),
      startedOn: toDateString(s.startedOn),
      endedOn: dateOrNull(s.endedOn),
      active: started && !ended,
      createdAt: s.createdAt.toISOString(),
    };
  }
}
