import { buildCreditCode, checkCreditCode } from './credit-code';
import { buildResidentId, checkResidentId, residentIdCheckChar, residentIdFacts } from './resident-id';

describe('resident ID (GB 11643-1999)', () => {
  it('accepts the standard example and computes its check character', () => {
    expect(checkResidentId('11010519491231002X')).toBeNull();
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });
  it('rejects a wrong check character', () => {
    expect(checkResidentId('110105194912310021')).toBe('CHECKSUM');
  });
  it('rejects a valid checksum on an impossible date', () => {
    const first17 = '37152320230229001';
    expect(checkResidentId(first17 + residentIdCheckChar(first17))).toBe('BIRTH_DATE');
  });
  it('rejects malformed input', () => {
    expect(checkResidentId('1101051949123100')).toBe('FORMAT');
    expect(checkResidentId('11010519491231002x')).toBe('FORMAT');
  });
  it('reads birth date and sex', () => {
    const id = buildResidentId('2024-03-15', 7);
    expect(checkResidentId(id)).toBeNull();
    expect(residentIdFacts(id)).toEqual({ birthDate: new Date('2024-03-15T00:00:00Z'), sex: 'M' });
    expect(residentIdFacts(buildResidentId('2024-03-15', 8)).sex).toBe('F');
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    // Tencent (Shenzhen) and Alibaba (China) Co., Ltd., as published on their licences
    expect(checkCreditCode('9144030071526726XG')).toBeNull();
    expect(checkCreditCode('91330100799655058B')).toBeNull();
  });
  it('rejects a corrupted check character or organisation code', () => {
    expect(checkCreditCode('9144030071526726XH')).toBe('CHECK_CHARACTER');
    expect(checkCreditCode('9144030071526727XG')).not.toBeNull();
  });
  it('rejects letters outside the alphabet and wrong lengths', () => {
    expect(checkCreditCode('9144030071526726XI')).toBe('FORMAT');
    expect(checkCreditCode('9144030071526726X')).toBe('FORMAT');
  });
  it('builds valid codes', () => {
    expect(checkCreditCode(buildCreditCode('52', '371523', 'MJ000001'))).toBeNull();
  });
});
