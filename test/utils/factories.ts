import { randomInt, randomUUID } from 'node:crypto';
import type { Prisma } from '../../src/generated/prisma/client';
import { buildCreditCode } from '../../src/common/identity/credit-code';
import { buildResidentId, residentIdFacts } from '../../src/common/identity/resident-id';
import { maskIdNumber } from '../../src/common/masking';
import type { PrismaService } from '../../src/infra/database/prisma.service';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';

/**
 * Small row factories for medium tests. They write straight to the database, so a test of one module
 * does not depend on another module's endpoints.
 */
let seq = 0;
const next = () => (seq += 1);

/** A valid, unique unified social credit code (random organisation code: test files share one database). */
const usedCodes = new Set<string>();
export function uniqueCreditCode(): string {
  for (;;) {
    const code = buildCreditCode('52', '371523', String(randomInt(1e8)).padStart(8, '0'));
    if (!usedCodes.has(code)) {
      usedCodes.add(code);
      return code;
    }
  }
}

/** A valid, unique resident ID for a birth date. */
const usedIds = new Set<string>();
export function uniqueResidentId(birthDate: string): string {
  for (;;) {
    const id = buildResidentId(birthDate, randomInt(1000), String(110000 + randomInt(800000)));
    // an ID ending in 000 is refused in files as probably damaged by Excel (roster-validation)
    if (id.endsWith('000')) continue;
    if (!usedIds.has(id)) {
      usedIds.add(id);
      return id;
    }
  }
}

export async function createInstitution(
  prisma: PrismaService,
  data: Partial<Prisma.InstitutionUncheckedCreateInput> = {},
): Promise<Prisma.InstitutionGetPayload<object>> {
  const n = next();
  return prisma.institution.create({
    data: {
      name: `测试托育中心${n}`,
      creditCode: uniqueCreditCode(),
      kind: 'PRIVATE',
      township: 'T01',
      address: `测试路${n}号`,
      approvedSlots: 100,
      bankName: '中国农业银行茌平支行',
      bankAccountName: `测试托育中心${n}`,
      bankAccountNumber: `62284800${String(n).padStart(8, '0')}`,
      ...data,
    },
  });
}

/**
 * A FILED institution (filed at `filedAt`, default 2020-01-01) that is inclusive from `inclusiveFrom`
 * (default 2024-01) at `guidancePriceFen`, with the status history the registry would have written.
 */
export async function createFiledInstitution(
  prisma: PrismaService,
  options: {
    filedAt?: Date;
    inclusiveFrom?: string | null;
    guidancePriceFen?: number;
    data?: Partial<Prisma.InstitutionUncheckedCreateInput>;
  } = {},
) {
  const filedAt = options.filedAt ?? new Date('2020-01-01T00:00:00Z');
  const institution = await createInstitution(prisma, {
    status: 'FILED',
    filedAt,
    // random part: test files in the same run share the database, and `seq` restarts in each file
    filingNumber: `测试备〔${filedAt.getUTCFullYear()}〕${randomUUID().slice(0, 8)}-${String(next()).padStart(6, '0')}号`,
    ...options.data,
  });
  await prisma.institutionStatusChange.createMany({
    data: [
      { institutionId: institution.id, fromStatus: 'DRAFT', toStatus: 'SUBMITTED', at: new Date(filedAt.getTime() - 1000) },
      { institutionId: institution.id, fromStatus: 'SUBMITTED', toStatus: 'FILED', at: filedAt },
    ],
  });
  if (options.inclusiveFrom !== null) {
    await prisma.inclusiveDesignation.create({
      data: {
        institutionId: institution.id,
        inclusive: true,
        guidancePriceFen: options.guidancePriceFen ?? 120000,
        effectiveFrom: options.inclusiveFrom ?? '2024-01',
      },
    });
  }
  return institution;
}

/** A child row as the roster module stores it: ID and name encrypted, found by HMAC. */
export async function createChild(
  prisma: PrismaService,
  cipher: PiiCipher,
  options: { birthDate: string; name?: string; birthOrder?: number | null; idNumber?: string },
) {
  const idNumber = options.idNumber ?? uniqueResidentId(options.birthDate);
  const facts = residentIdFacts(idNumber);
  const child = await prisma.child.create({
    data: {
      idHash: cipher.hmac(idNumber),
      idCipher: cipher.encrypt(idNumber),
      idMasked: maskIdNumber(idNumber),
      nameCipher: cipher.encrypt(options.name ?? `测试儿童${next()}`),
      keyId: cipher.activeKeyId,
      birthDate: facts.birthDate,
      sex: facts.sex,
      birthOrder: options.birthOrder ?? null,
      birthOrderConfirmedAt: options.birthOrder ? new Date() : null,
    },
  });
  return { ...child, idNumber };
}
