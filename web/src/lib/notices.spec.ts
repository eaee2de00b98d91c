import { noticeStage } from './notices';

describe('noticeStage', () => {
  it('tells the public whether objections are still taken', () => {
    expect(noticeStage('PUBLISHED')).toBe('公示中');
    expect(noticeStage('APPROVED')).toBe('公示结束，已审定');
    expect(noticeStage('PAID')).toBe('公示结束，已拨付');
  });
});
