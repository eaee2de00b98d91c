import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { UnprocessableError } from '../common/errors';
import { Page, PageQuery, skipTake, toPage } from '../common/pagination';
import { Transactions } from '../infra/database/transactions';
import { TOWNSHIP_CODE } from './dto/institution.dto';
import { PutTownshipDto } from './dto/township.dto';
import { toTownshipView, TownshipView } from './institution.view';
import type { PublicTownshipListView } from './township.view';
import { TownshipsRepository } from './townships.repository';

/** Townships and streets (乡镇/街道) with their population: the denominators of the capacity statistics. */
@Injectable()
export class TownshipsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: TownshipsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates or replaces the township `code`. */
  async put(code: string, dto: PutTownshipDto): Promise<TownshipView> {
    if (!TOWNSHIP_CODE.test(code)) {
      throw new UnprocessableError('Invalid township code', [
        { field: 'code', code: 'TOWNSHIP_CODE_INVALID', message: 'the code must be 1–32 letters, digits, _ or -' },
      ]);
    }
    const row = await this.transactions.run(async (tx) => {
      const before = await this.repo.find(tx, code);
      const data = { name: dto.name.trim(), population: dto.population };
      const after = await this.repo.put(tx, code, data);
      await this.audit.record(tx, {
        action: before ? 'TOWNSHIP_UPDATED' : 'TOWNSHIP_CREATED',
        entityType: 'Township',
        entityId: code,
        before: before ? toTownshipView(before) : null,
        after: toTownshipView(after),
      });
      return after;
    });
    return toTownshipView(row);
  }

  async list(query: PageQuery): Promise<Page<TownshipView>> {
    const [rows, total] = await this.repo.page(skipTake(query));
    return toPage(rows.map(toTownshipView), total, query);
  }

  /** Code and name of every township, for the public directory (a district has tens of them). */
  async publicList(): Promise<PublicTownshipListView> {
    const rows = await this.repo.directory();
    return { items: rows };
  }
}
