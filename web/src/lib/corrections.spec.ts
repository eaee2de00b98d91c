import { correctionPaidIn } from './corrections';

describe('where a roster correction is paid', () => {
  it('counts in the month itself while neither it nor a later month is approved', () => {
    expect(
      correctionPaidIn('2024-03', [
        { month: '2024-02', status: 'PAID' },
        { month: '2024-03', status: 'PUBLISHED' },
      ]),
    ).toEqual({
      kind: 'OWN_MONTH',
      month: '2024-03',
    });
    expect(correctionPaidIn('2024-03', [])).toEqual({ kind: 'OWN_MONTH', month: '2024-03' });
  });

  it('is an adjustment of the next open month once the month is settled', () => {
    expect(
      correctionPaidIn('2024-03', [
        { month: '2024-03', status: 'APPROVED' },
        { month: '2024-05', status: 'COMPUTED' },
      ]),
    ).toEqual({ kind: 'ADJUSTMENT', month: '2024-05', started: true });
    expect(correctionPaidIn('2024-03', [{ month: '2024-04', status: 'PAID' }])).toEqual({
      kind: 'ADJUSTMENT',
      month: '2024-05',
      started: false,
    });
    expect(correctionPaidIn('2024-12', [{ month: '2024-12', status: 'PAID' }])).toEqual({
      kind: 'ADJUSTMENT',
      month: '2025-01',
      started: false,
    });
  });
});
