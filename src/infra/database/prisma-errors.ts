import { Prisma } from '../../generated/prisma/client';

/** The Prisma error code (P2002, P2025, …) of a known request error the database layer threw, else undefined. */
export function prismaErrorCode(exception: unknown): string | undefined {
  return exception instanceof Prisma.PrismaClientKnownRequestError ? exception.code : undefined;
}
