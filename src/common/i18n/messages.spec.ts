import { fieldLabel } from './field-labels';
import { isChinese, languageOf } from './messages';
import { statusWord, yuanWords } from './status-words';

describe('messages', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['zh-CN', 'zh'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.5,zh;q=0.9', 'zh'],
    ['fr-FR, en;q=0.7', 'en'],
    ['fr-FR', 'zh'],
    ['en;q=0', 'zh'],
  ])('reads Accept-Language %p as %s', (header, lang) => {
    expect(languageOf(header)).toBe(lang);
  });

  it('names fields in Chinese, with the entry of a list', () => {
    expect(fieldLabel('creditCode')).toBe('“统一社会信用代码”');
    expect(fieldLabel('entries.3.idNumber')).toBe('第 4 条的“身份证号”');
    expect(fieldLabel('somethingNew')).toBe('“somethingNew”');
    expect(fieldLabel('')).toBe('此项');
  });

  it('words statuses by their record and amounts in yuan', () => {
    expect(statusWord('settlement', 'APPROVED')).toBe('已审核');
    expect(statusWord('grant', 'APPROVED')).toBe('已批准');
    expect(statusWord('roster', 'UNKNOWN')).toBe('UNKNOWN');
    expect(yuanWords(123456789)).toBe('1,234,567.89 元');
    expect(yuanWords(-5n)).toBe('-0.05 元');
    expect(isChinese('第 3 行')).toBe(true);
    expect(isChinese('Row 3')).toBe(false);
    expect(isChinese('2014-05 的结算已审核')).toBe(true);
    expect(isChinese('Idempotency-Key 应为 1–128 个可打印 ASCII 字符')).toBe(true);
    expect(isChinese('Voucher V1 was already recorded with different data (阳光托育, 300.00)')).toBe(false);
  });
});
