import { monthLabel, rosterMonthsDue } from './months';

export interface Todo {
  key: string;
  level: 'error' | 'warning' | 'info';
  text: string;
  link: string;
  action: string;
}

interface InstitutionFacts {
  status: string;
  statusReason: string | null;
}

interface RosterFacts {
  id: string;
  month: string;
  version: number;
  status: string;
  returnReason: string | null;
}

/** The newest version of each month's roster. */
export function latestByMonth<T extends { month: string; version: number }>(rosters: T[]): Map<string, T> {
  const latest = new Map<string, T>();
  for (const r of rosters) {
    const seen = latest.get(r.month);
    if (!seen || r.version > seen.version) latest.set(r.month, r);
  }
  return latest;
}

/**
 * What an institution's operator must do now, most urgent first: a returned filing or roster (with the
 * reviewer's reason), a filing not yet submitted, and last month's and this month's rosters not yet submitted.
 */
export function operatorTodos(institution: InstitutionFacts, rosters: RosterFacts[], now: Date = new Date()): Todo[] {
  const todos: Todo[] = [];
  switch (institution.status) {
    case 'RETURNED':
      todos.push({
        key: 'filing-returned',
        level: 'error',
        text: `机构备案被退回：${institution.statusReason ?? '（未说明原因）'}。请修改后重新提交。`,
        link: '/institution',
        action: '修改备案',
      });
      break;
    case 'DRAFT':
      todos.push({
        key: 'filing-draft',
        level: 'warning',
        text: '机构备案尚未提交：请填写备案信息并提交审核。',
        link: '/institution',
        action: '填写备案',
      });
      break;
    case 'SUBMITTED':
      todos.push({
        key: 'filing-submitted',
        level: 'info',
        text: '机构备案已提交，正在等待区卫生健康局审核。',
        link: '/institution',
        action: '查看备案',
      });
      break;
    case 'SUSPENDED':
      todos.push({
        key: 'filing-suspended',
        level: 'error',
        text: `机构已被暂停：${institution.statusReason ?? '（未说明原因）'}。暂停期间不享受补贴。`,
        link: '/institution',
        action: '查看详情',
      });
      break;
  }

  const latest = latestByMonth(rosters);
  const returned = [...latest.values()].filter((r) => r.status === 'RETURNED').sort((a, b) => b.month.localeCompare(a.month));
  for (const r of returned) {
    todos.push({
      key: `roster-returned-${r.month}`,
      level: 'error',
      text: `${monthLabel(r.month)}花名册被退回：${r.returnReason ?? '（未说明原因）'}。请改正后重新上传并提交。`,
      link: `/rosters?month=${r.month}`,
      action: '处理',
    });
  }
  if (institution.status === 'FILED') {
    for (const month of rosterMonthsDue(now)) {
      const roster = latest.get(month);
      if (!roster) {
        todos.push({
          key: `roster-missing-${month}`,
          level: 'warning',
          text: `${monthLabel(month)}花名册尚未报送。`,
          link: `/rosters?month=${month}`,
          action: '上传花名册',
        });
      } else if (roster.status === 'DRAFT') {
        todos.push({
          key: `roster-draft-${month}`,
          level: 'warning',
          text: `${monthLabel(month)}花名册已上传但尚未提交审核。`,
          link: `/rosters?month=${month}`,
          action: '核对并提交',
        });
      }
    }
  }
  return todos;
}
