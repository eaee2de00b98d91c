import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { institutionScope } from '../auth/access';
import { NotFoundError, UnprocessableError } from '../common/errors';
import { checkResidentId, normalizeResidentId } from '../common/identity/resident-id';
import { maskName } from '../common/masking';
import type { Actor } from '../common/request-context';
import { PiiCipher } from '../infra/crypto/pii-cipher';
import { Transactions } from '../infra/database/transactions';
import { ChildView, RevealedIdNumberView, toChildView } from './child.view';
import { ChildrenRepository } from './children.repository';
import { CorrectBirthOrderDto, CorrectNameDto } from './dto/children.dto';
import { Clock } from '../infra/clock/clock';

@Injectable()
export class ChildrenService {
  constructor(
    private readonly transactions: Transactions,
    private readonly children: ChildrenRepository,
    private readonly cipher: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Masked. An operator sees a child only once one of their institution's rosters listing them was approved (the entry
   * is linked to the child then; else 404), with their own rosters only and the name as their newest roster spells it
   * (never another institution's). Others see every roster listing the ID number, approved or not.
   */
  async get(actor: Actor, id: string): Promise<ChildView> {
    const child = await this.children.findById(id);
    if (!child) throw new NotFoundError('Child');
    const scope = institutionScope(actor);
    const entries = await this.children.rosterEntriesOf(child, scope);
    if (scope && !entries.length) throw new NotFoundError('Child');
    const sorted = entries.sort((a, b) => b.roster.month.localeCompare(a.roster.month) || b.roster.version - a.roster.version);
    const rosters = sorted.map(({ roster: r }) => ({
      rosterId: r.id,
      institutionId: r.institutionId,
      month: r.month,
      version: r.version,
      status: r.status,
    }));
    const view = toChildView(child, this.cipher, rosters);
    const reported = sorted.find((e) => e.nameCipher)?.nameCipher;
    if (scope && reported) view.name = maskName(this.unseal(reported));
    return view;
  }

  private unseal(sealed: string): string {
    const at = sealed.indexOf(':');
    return this.cipher.decrypt(sealed.slice(at + 1), sealed.slice(0, at));
  }

  /** An admin's correction of a confirmed (or not yet confirmed) birth order, with its reason in the audit log. */
  async correctBirthOrder(actor: Actor, id: string, dto: CorrectBirthOrderDto): Promise<ChildView> {
    await this.transactions.run(async (tx) => {
      const before = await this.children.birthOrderOf(tx, id);
      if (!before) throw new NotFoundError('Child');
      const after = await this.children.correctBirthOrder(tx, id, dto.birthOrder, this.clock.now());
      await this.audit.record(tx, {
        action: 'CHILD_BIRTH_ORDER_CORRECTED',
        entityType: 'Child',
        entityId: id,
        before,
        after: { ...after, reason: dto.reason },
      });
    });
    return this.get(actor, id);
  }

  /**
   * An admin's correction of the registered name. ID and name are re-encrypted under the active key (they
   * share the row's key id); the audit entry holds the masked name before and after, and the reason.
   */
  async correctName(actor: Actor, id: string, dto: CorrectNameDto): Promise<ChildView> {
    await this.transactions.run(async (tx) => {
      const child = await this.children.lockSealed(tx, id);
      if (!child) throw new NotFoundError('Child');
      const before = this.cipher.decrypt(child.nameCipher, child.keyId);
      await this.children.reseal(tx, id, {
        idCipher: this.cipher.encrypt(this.cipher.decrypt(child.idCipher, child.keyId)),
        nameCipher: this.cipher.encrypt(dto.name),
        keyId: this.cipher.activeKeyId,
      });
      await this.audit.record(tx, {
        action: 'CHILD_NAME_CORRECTED',
        entityType: 'Child',
        entityId: id,
        before: { name: maskName(before) },
        after: { name: maskName(dto.name), reason: dto.reason },
      });
    });
    return this.get(actor, id);
  }

  /**
   * Finds a child by the ID number a parent reads out (admin). Every look-up of a well-formed number is audited,
   * found or not, without the number; the answer is masked like any other.
   */
  async lookup(actor: Actor, idNumber: string): Promise<ChildView> {
    const normalized = normalizeResidentId(idNumber);
    if (checkResidentId(normalized)) {
      throw new UnprocessableError('The ID number is not valid', [
        { field: 'idNumber', code: 'ID_NUMBER_INVALID', message: '身份证号格式或校验位不正确，请核对号码' },
      ]);
    }
    const child = await this.children.findIdByHash(this.cipher.hmac(normalized));
    await this.audit.recordAlone({
      action: 'CHILD_LOOKED_UP',
      entityType: 'Child',
      entityId: child?.id ?? null,
      after: { found: !!child },
    });
    if (!child) throw new NotFoundError('Child');
    return this.get(actor, child.id);
  }

  /** The full ID number, for an admin who states why; every reveal is audited (the number itself is not). */
  async revealIdNumber(id: string, reason: string): Promise<RevealedIdNumberView> {
    const child = await this.children.sealedIdNumber(id);
    if (!child) throw new NotFoundError('Child');
    const idNumber = this.cipher.decrypt(child.idCipher, child.keyId);
    await this.audit.recordAlone({ action: 'CHILD_ID_NUMBER_REVEALED', entityType: 'Child', entityId: id, after: { reason } });
    return { id, idNumber };
  }
}
