/**
 * Money is integer fen (分) everywhere; the console shows yuan as `¥1,234.00`. The conversion is done on the
 * digits (BigInt), never with floating point, so any amount the API can answer is shown exactly.
 */
export function formatFen(fen: number | bigint | string): string {
  const value = toBigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan}.${cents}`;
}

/** `¥1,234.00` or a dash for a missing amount (null/undefined). */
export function formatFenOrDash(fen: number | bigint | string | null | undefined): string {
  return fen === null || fen === undefined ? '—' : formatFen(fen);
}

function toBigInt(fen: number | bigint | string): bigint {
  if (typeof fen === 'bigint') return fen;
  if (typeof fen === 'number') {
    if (!Number.isSafeInteger(fen)) throw new RangeError(`Not a whole number of fen: ${fen}`);
    return BigInt(fen);
  }
  if (!/^-?\d+$/.test(fen)) throw new RangeError(`Not a whole number of fen: ${fen}`);
  return BigInt(fen);
}

/** Yuan as typed (`1200`, `1,200.5`, `¥1200.50`) → integer fen, on the digits (no floating point); null when not money. */
export function parseYuanToFen(text: string): number | null {
  const m = /^¥?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const fen = BigInt(m[1].replaceAll(',', '')) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return fen > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(fen);
}

/** Integer fen as plain yuan text with two decimals (`-1234.50`), on the digits: for files people read. */
export function fenToYuanText(fen: number | bigint | string): string {
  const value = toBigInt(fen);
  const abs = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}
