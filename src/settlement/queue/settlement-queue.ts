/**
 * The settlement queue: names, job ids and payloads. Payloads carry ids and the month only — never
 * personal data. Job ids are deterministic, so a double click, parallel callers or a retried producer
 * enqueue one job per run (BullMQ ignores an add whose id already exists).
 */
export const SETTLEMENT_QUEUE = 'settlement';

export const SettlementJob = {
  /** plans a run: snapshot of rosters and eligibility, chunk rows; then enqueues one job per chunk */
  RUN: 'settle-month',
  /** computes one chunk's lines in one transaction; the last chunk also writes the totals */
  CHUNK: 'settle-chunk',
  /** fired by the job scheduler: settles the previous month when it has no settlement yet */
  PREVIOUS_MONTH: 'settle-previous-month',
} as const;

/** One scheduler for the whole deployment, whatever the number of processes registering it. */
export const SETTLEMENT_SCHEDULER_ID = 'settlement-previous-month';

export interface RunPayload {
  settlementId: string;
  month: string;
  run: number;
}

export interface ChunkPayload extends RunPayload {
  chunkNo: number;
}

// BullMQ accepts ':' in custom ids only as exactly three parts
export const runJobId = (month: string, run: number): string => `settlement:${month}:${run}`;
export const chunkJobId = (month: string, run: number, chunkNo: number): string => `settlement-chunk:${month}:${run}-${chunkNo}`;

/** Attempts per job; a job that exhausts them leaves its settlement FAILED. */
export const JOB_ATTEMPTS = 3;
