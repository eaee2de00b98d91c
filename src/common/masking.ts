/** First 6 and last 4 characters kept, `*` between (docs/api.md): 110105********1230. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '*'.repeat(idNumber.length - 10) + idNumber.slice(-4);
}

/** A person's name with all but the first character hidden: 张** . */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * A phone number with every digit hidden except the last 4 (`*******5678`), whatever its length or format: mobile,
 * landline with or without area code (`0635-****5678`), extension. Separators stay. A number of fewer than 7 digits
 * (a short or internal number) is hidden entirely: 4 of its digits would be most of it.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  let keep = digits >= 7 ? 4 : 0;
  const out = [...phone].reverse().map((ch) => {
    if (!/\d/.test(ch)) return ch;
    if (keep > 0) {
      keep -= 1;
      return ch;
    }
    return '*';
  });
  return out.reverse().join('');
}
