import type { Tx } from '../infra/database/prisma.service';

/**
 * Fixes the payee of every institution of an approved settlement: name, credit code and bank account as the
 * registry has them at approval (in the approval's transaction). The payment file of the month shows these
 * values from then on; a later change of the institution's bank details is shown to finance as a change, it
 * never silently redirects the money.
 */
export async function fixPayees(tx: Tx, settlementId: string, at: Date): Promise<void> {
  await tx.$executeRaw`
    UPDATE settlement_institutions si
       SET "payeeFixedAt" = ${at}, "payeeName" = i.name, "payeeCreditCode" = i."creditCode", "payeeBankName" = i."bankName",
           "payeeAccountName" = i."bankAccountName", "payeeAccountNumber" = i."bankAccountNumber"
      FROM institutions i
     WHERE i.id = si."institutionId" AND si."settlementId" = ${settlementId}::uuid`;
}
