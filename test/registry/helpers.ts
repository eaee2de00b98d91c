import { uniqueCreditCode } from '../utils/factories';
import type { TestApp } from '../utils/test-app';

let n = 0;

/** A complete create body (everything a filing needs before submission). */
export function institutionBody(overrides: Record<string, unknown> = {}) {
  n += 1;
  return {
    name: `登记测试托育园${process.pid}-${n}`,
    creditCode: uniqueCreditCode(),
    kind: 'PRIVATE',
    township: 'REG01',
    address: `振兴路${n}号`,
    approvedSlots: 60,
    bankAccount: { bankName: '中国农业银行茌平支行', accountName: `登记测试托育园${n}`, accountNumber: '6228480012345678' },
    ...overrides,
  };
}

/** Audit actions written for one institution, oldest first. */
export async function auditActions(t: TestApp, institutionId: string): Promise<string[]> {
  const rows = await t.prisma.auditLog.findMany({ where: { entityType: 'Institution', entityId: institutionId }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.action);
}
