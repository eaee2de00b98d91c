import { filingPatch, filingProblems, formFieldOf } from './filing-form';

const complete = {
  name: '阳光托育园',
  kind: 'PRIVATE',
  independent: true,
  township: 'T01',
  address: '振兴路1号',
  bankName: '中国农业银行茌平支行',
  accountName: '阳光托育园',
  accountNumber: '6228480012345678',
};

describe('filing form rules (as the API checks them)', () => {
  it('accepts a complete filing for saving and for submission', () => {
    expect(filingProblems(complete, false)).toEqual([]);
    expect(filingProblems(complete, true)).toEqual([]);
  });

  it('lets a draft be saved without township, address or bank account, but not submitted: every gap at once', () => {
    const draft = { name: '阳光托育园', kind: 'PRIVATE', independent: false };
    expect(filingProblems(draft, false)).toEqual([]);
    expect(filingProblems(draft, true).map((p) => p.field)).toEqual(['bankName', 'accountName', 'accountNumber', 'township', 'address']);
  });

  it('checks formats: blank name, account number digits, lengths; a half-filled bank account is incomplete', () => {
    const problems = filingProblems(
      { ...complete, name: '  ', accountNumber: '6228-48', accountName: '', address: 'x'.repeat(301) },
      false,
    );
    expect(problems).toEqual([
      { field: 'name', message: '请填写机构名称' },
      { field: 'address', message: '地址不能超过 300 个字' },
      { field: 'accountName', message: '请填写账户名称' },
      { field: 'accountNumber', message: '银行账号应为 6 到 32 位数字' },
    ]);
  });

  it('sends only the fields operators may change, trimmed, empty ones cleared', () => {
    expect(filingPatch({ ...complete, address: '  ', name: ' 阳光托育园 ' })).toEqual({
      name: '阳光托育园',
      kind: 'PRIVATE',
      independent: true,
      servesMeals: false,
      township: 'T01',
      address: null,
      bankAccount: { bankName: '中国农业银行茌平支行', accountName: '阳光托育园', accountNumber: '6228480012345678' },
    });
    expect(filingPatch({ name: 'x', kind: 'PUBLIC', independent: false }).bankAccount).toBeNull();
    expect(filingPatch({ ...complete, servesMeals: true }).servesMeals).toBe(true);
  });

  it('maps the server’s field names onto the form', () => {
    expect(formFieldOf('bankAccount.accountNumber')).toBe('accountNumber');
    expect(formFieldOf('township')).toBe('township');
    expect(formFieldOf('status')).toBeNull();
  });
});
