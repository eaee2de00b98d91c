/** What a published settlement means to the public: under notice (objections taken), or settled after it. */
export function noticeStage(status: string): string {
  if (status === 'PUBLISHED') return '公示中';
  if (status === 'APPROVED') return '公示结束，已审定';
  if (status === 'PAID') return '公示结束，已拨付';
  return status;
}
