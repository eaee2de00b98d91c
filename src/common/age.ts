/** Ages of children, in full months (the policy's "under three" is 36 full months). Dates are calendar dates (UTC midnight). */

/** Full months of age on a day: 36 means the third birthday has been reached. */
export function fullMonthsOfAge(birthDate: Date, on: Date): number {
  let months = (on.getUTCFullYear() - birthDate.getUTCFullYear()) * 12 + (on.getUTCMonth() - birthDate.getUTCMonth());
  if (on.getUTCDate() < birthDate.getUTCDate()) months -= 1;
  return months;
}

/** Full months of age on the first day of `month` (YYYY-MM) of a child born on `birthDate` (YYYY-MM-DD). */
export function fullMonthsOfAgeAtStartOf(birthDate: string, month: string): number {
  return fullMonthsOfAge(new Date(`${birthDate}T00:00:00Z`), new Date(`${month}-01T00:00:00Z`));
}
