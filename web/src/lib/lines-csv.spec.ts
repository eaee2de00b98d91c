import { linesCsv } from './lines-csv';

describe('linesCsv', () => {
  it('writes masked lines with Chinese labels and exact yuan, with a BOM for Excel', () => {
    const csv = linesCsv([
      { idNumber: '110105********1230', forMonth: '2026-02', birthOrder: 2, amountFen: 30000, reason: 'PAID_SECOND_CHILD' },
      { idNumber: '110105********4321', forMonth: '2026-01', birthOrder: 3, amountFen: -40000, reason: 'ADJUSTMENT' },
    ]);
    expect(csv.startsWith('\uFEFF身份证号（脱敏）,所属月份,孩次,金额（元）,说明\r\n')).toBe(true);
    expect(csv).toContain('110105********1230,2026-02,二孩,300.00,二孩补贴\r\n');
    expect(csv).toContain('110105********4321,2026-01,三孩,-400.00,以前月份更正调整\r\n');
  });

  it('quotes cells with commas or quotes and neutralises text that a spreadsheet would run as a formula', () => {
    const csv = linesCsv([{ idNumber: 'a,"b"', forMonth: '=cmd()', birthOrder: 1, amountFen: 1234567, reason: 'FIRST_CHILD' }]);
    expect(csv).toContain(`"a,""b""",'=cmd(),一孩,12345.67,一孩，不享受补贴`);
  });
});
