import { contentDisposition, missingKindProblems, requiredKinds, sniffContentType } from './document-kinds';

describe('filing document rules', () => {
  it('requires the food licence only when the institution serves meals', () => {
    expect(requiredKinds({ servesMeals: false })).not.toContain('FOOD_LICENSE');
    expect(requiredKinds({ servesMeals: true })).toContain('FOOD_LICENSE');
    expect(requiredKinds({ servesMeals: true })).not.toContain('OTHER');
  });

  it('names each missing kind in Chinese', () => {
    const problems = missingKindProblems({ servesMeals: true }, ['BUSINESS_LICENSE', 'PREMISES', 'FIRE_SAFETY', 'HEALTH_EVALUATION']);
    expect(problems.map((p) => p.message)).toEqual([
      '缺少备案材料：从业人员资格证书及健康证明（STAFF_CERTIFICATES）',
      '缺少备案材料：备案书（FILING_FORM）',
      '缺少备案材料：承诺书（COMMITMENT）',
      '缺少备案材料：食品经营许可证（FOOD_LICENSE）',
    ]);
    expect(problems.every((p) => p.field === 'documents')).toBe(true);
  });

  it('recognises PDF, JPEG and PNG from the bytes and nothing else', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffContentType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffContentType(Buffer.from('\x7fELF'))).toBeNull();
    expect(sniffContentType(Buffer.from('%PD'))).toBeNull();
  });

  it('puts the Chinese file name in filename* (RFC 5987) with an ASCII fallback', () => {
    expect(contentDisposition('消防验收(2026).pdf')).toBe(
      `attachment; filename="____(2026).pdf"; filename*=UTF-8''%E6%B6%88%E9%98%B2%E9%AA%8C%E6%94%B6%282026%29.pdf`,
    );
  });
});
