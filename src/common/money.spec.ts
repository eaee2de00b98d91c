import { fenToYuan } from './money';

describe('fenToYuan', () => {
  it.each([
    [30000, '300.00'],
    [5, '0.05'],
    [0, '0.00'],
    [-12345, '-123.45'],
    [40000000000n, '400000000.00'],
  ])('%p fen is %p yuan', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });
});
