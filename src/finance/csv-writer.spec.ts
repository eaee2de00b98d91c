import { looksLikeFormula, neutraliseForCsv } from './cell-safety';
import { CSV_BOM, csvLine, quoteCsvField } from './csv-writer';

describe('neutraliseForCsv', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['＝1+1', "'＝1+1"],
  ])('prefixes %p with a single quote', (text, safe) => {
    expect(looksLikeFormula(text)).toBe(true);
    expect(neutraliseForCsv(text)).toBe(safe);
  });

  it.each([['阳光托育中心'], ['a=b'], ['1+1'], [''], ["'already"], ['91371523MA3C0000X1']])('leaves %p alone', (text) => {
    expect(looksLikeFormula(text)).toBe(false);
    expect(neutraliseForCsv(text)).toBe(text);
  });
});

describe('quoteCsvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['中文，全角逗号', '中文，全角逗号'],
  ])('%p → %p', (text, quoted) => expect(quoteCsvField(text)).toBe(quoted));
});

describe('csvLine', () => {
  it('ends in CRLF, quotes where needed, neutralises text but not numbers', () => {
    expect(csvLine(['=1+1', 'a,"b"', { number: '-12.50' }, null, '托育'])).toBe(`'=1+1,"a,""b""",-12.50,,托育\r\n`);
  });

  it('quotes a neutralised cell that also needs quoting', () => {
    expect(csvLine(['=HYPERLINK("http://evil","点我")'])).toBe(`"'=HYPERLINK(""http://evil"",""点我"")"\r\n`);
  });

  it('keeps digits as text a spreadsheet shows digit for digit, amounts with two decimals', () => {
    expect(csvLine(['6228480402564890018', '0371', { literal: '1000.00' }, { literal: '-12.30' }, { number: '3' }])).toBe(
      '"=""6228480402564890018""","=""0371""","=""1000.00""","=""-12.30""",3\r\n',
    );
    expect(csvLine(['91371523MA3C0000X1'])).toBe('91371523MA3C0000X1\r\n');
  });

  it('has the UTF-8 BOM available for the first bytes', () => {
    expect(Buffer.from(CSV_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
