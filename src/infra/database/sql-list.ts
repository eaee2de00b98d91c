import { Prisma } from '../../generated/prisma/client';

/**
 * A status set as an SQL list of literals, `('APPROVED', 'PAID')`, for `status IN ${…}`: the same text the queries
 * spelled out before, built from the set declared in the domain. Only for constant code values (enum members).
 */
export function sqlList(values: readonly string[]): Prisma.Sql {
  for (const v of values) if (!/^[A-Z_]+$/.test(v)) throw new Error(`not a code value: ${v}`);
  return Prisma.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);
}
