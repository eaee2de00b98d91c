import { latestByMonth, operatorTodos } from './todos';

const now = new Date('2026-03-10T04:00:00Z'); // 2026-03-10 in Shanghai: February's and March's rosters are due
const roster = (month: string, version: number, status: string, returnReason: string | null = null) => ({
  id: `${month}-${version}`,
  month,
  version,
  status,
  returnReason,
});

describe('operatorTodos (the landing page)', () => {
  it('asks for last month’s and this month’s rosters when neither was submitted', () => {
    const todos = operatorTodos({ status: 'FILED', statusReason: null }, [], now);
    expect(todos.map((t) => [t.key, t.text, t.link])).toEqual([
      ['roster-missing-2026-02', '2026年2月花名册尚未报送。', '/rosters?month=2026-02'],
      ['roster-missing-2026-03', '2026年3月花名册尚未报送。', '/rosters?month=2026-03'],
    ]);
  });

  it('says nothing about months whose newest version is submitted, approved or locked', () => {
    const todos = operatorTodos(
      { status: 'FILED', statusReason: null },
      [roster('2026-02', 1, 'DRAFT'), roster('2026-02', 2, 'LOCKED'), roster('2026-03', 1, 'SUBMITTED')],
      now,
    );
    expect(todos).toEqual([]);
  });

  it('puts a returned roster first with the reviewer’s reason, and a draft as not yet submitted', () => {
    const todos = operatorTodos(
      { status: 'FILED', statusReason: null },
      [roster('2026-02', 1, 'RETURNED', '第3行孩次有误'), roster('2026-03', 1, 'DRAFT')],
      now,
    );
    expect(todos.map((t) => [t.level, t.text])).toEqual([
      ['error', '2026年2月花名册被退回：第3行孩次有误。请改正后重新上传并提交。'],
      ['warning', '2026年3月花名册已上传但尚未提交审核。'],
    ]);
  });

  it('shows a returned filing with its reason and asks for no roster before the institution is filed', () => {
    const todos = operatorTodos({ status: 'RETURNED', statusReason: '缺少消防证明' }, [], now);
    expect(todos).toEqual([
      expect.objectContaining({ key: 'filing-returned', level: 'error', text: expect.stringContaining('缺少消防证明') }),
    ]);
    expect(operatorTodos({ status: 'DRAFT', statusReason: null }, [], now).map((t) => t.key)).toEqual(['filing-draft']);
  });

  it('finds the newest version of each month', () => {
    const latest = latestByMonth([roster('2026-01', 2, 'DRAFT'), roster('2026-01', 3, 'SUBMITTED'), roster('2026-01', 1, 'LOCKED')]);
    expect(latest.get('2026-01')?.version).toBe(3);
  });
});
