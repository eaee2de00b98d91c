import { firstDayOf } from '../common/month';
import { fullMonthsOfAge } from '../common/age';

import { AGE_BANDS } from '../rosters/roster.view';

export type AgeBand = (typeof AGE_BANDS)[number];

/** Children per caregiver in each age band (a CaregiverRatioPolicy version). */
export interface Ratios {
  under12: number;
  from12To24: number;
  from24To36: number;
}

export interface CaregiverRatio {
  bands: { band: AgeBand; children: number; childrenPerCaregiver: number; caregiversRequired: number }[];
  caregiversRequired: number;
  caregiversActive: number;
  short: boolean;
}

/** The national setting standard, used before the first policy version. */
export const NATIONAL_RATIOS: Ratios = { under12: 3, from12To24: 5, from24To36: 7 };

/** The band of a child by full months of age on the first day of the month; null from 36 months on (not counted). */
export function ageBand(birthDate: Date, month: string): AgeBand | null {
  const months = fullMonthsOfAge(birthDate, firstDayOf(month));
  if (months < 12) return 'UNDER_12_MONTHS';
  if (months < 24) return 'FROM_12_TO_24_MONTHS';
  if (months < 36) return 'FROM_24_TO_36_MONTHS';
  return null;
}

/**
 * The caregivers a month's roster needs (国家托育机构设置标准): each band's children divided by its ratio,
 * rounded up, summed; `short` when fewer caregivers were active during the month.
 */
export function caregiverRatio(month: string, birthDates: Date[], caregiversActive: number, ratios: Ratios): CaregiverRatio {
  const perCaregiver: Record<AgeBand, number> = {
    UNDER_12_MONTHS: ratios.under12,
    FROM_12_TO_24_MONTHS: ratios.from12To24,
    FROM_24_TO_36_MONTHS: ratios.from24To36,
  };
  const counts: Record<AgeBand, number> = { UNDER_12_MONTHS: 0, FROM_12_TO_24_MONTHS: 0, FROM_24_TO_36_MONTHS: 0 };
  for (const birthDate of birthDates) {
    const band = ageBand(birthDate, month);
    if (band) counts[band] += 1;
  }
  const bands = AGE_BANDS.map((band) => ({
    band,
    children: counts[band],
    childrenPerCaregiver: perCaregiver[band],
    caregiversRequired: Math.ceil(counts[band] / perCaregiver[band]),
  }));
  const caregiversRequired = bands.reduce((sum, b) => sum + b.caregiversRequired, 0);
  return { bands, caregiversRequired, caregiversActive, short: caregiversActive < caregiversRequired };
}
