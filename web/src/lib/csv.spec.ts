import { csvText } from './csv';

describe('csvText', () => {
  it('writes a BOM, CRLF lines, quotes what needs it and defuses formulas', () => {
    expect(
      csvText(
        ['名称', '数'],
        [
          ['甲,乙', 3],
          ['=HYPERLINK("x")', -5],
          [null, ''],
        ],
      ),
    ).toBe('\uFEFF名称,数\r\n"甲,乙",3\r\n"\'=HYPERLINK(""x"")",-5\r\n,\r\n');
  });
});
