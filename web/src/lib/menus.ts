import type { Role } from './labels';

export interface MenuEntry {
  path: string;
  label: string;
  /** a page outside the single-page app (full navigation) */
  external?: boolean;
}

/**
 * The menu each role sees: only the pages the role may use. Auditors see every bureau page, read-only (the pages
 * leave out their action buttons for them, see lib/roles.ts).
 */
export const MENUS: Record<Role, MenuEntry[]> = {
  operator: [
    { path: '/', label: '工作台' },
    { path: '/institution', label: '我的机构' },
    { path: '/rosters', label: '月度花名册' },
    { path: '/staff', label: '从业人员' },
    { path: '/settlements', label: '补贴结算' },
    { path: '/directory', label: '托育机构名录' },
    { path: '/notices', label: '补贴公示' },
  ],
  admin: [
    { path: '/', label: '工作台' },
    { path: '/review', label: '待办审核' },
    { path: '/institutions', label: '机构管理' },
    { path: '/children', label: '儿童查询' },
    { path: '/settlement-runs', label: '结算管理' },
    { path: '/policies', label: '补贴标准' },
    { path: '/grants', label: '建设补助与奖励' },
    { path: '/stats', label: '统计' },
    { path: '/audit', label: '审计日志' },
    { path: '/users', label: '用户' },
    { path: '/admin/queues', label: '队列监控', external: true },
    { path: '/directory', label: '托育机构名录' },
    { path: '/notices', label: '补贴公示' },
  ],
  finance: [
    { path: '/', label: '工作台' },
    { path: '/payments', label: '拨付与对账' },
    { path: '/finance-summary', label: '年度汇总' },
    { path: '/grant-disbursements', label: '补助拨付' },
    { path: '/directory', label: '托育机构名录' },
    { path: '/notices', label: '补贴公示' },
  ],
  auditor: [
    { path: '/', label: '工作台' },
    { path: '/review', label: '待办审核（只读）' },
    { path: '/institutions', label: '机构管理（只读）' },
    { path: '/settlement-runs', label: '结算管理（只读）' },
    { path: '/policies', label: '补贴标准（只读）' },
    { path: '/grants', label: '建设补助与奖励（只读）' },
    { path: '/stats', label: '统计' },
    { path: '/payments', label: '拨付与对账（只读）' },
    { path: '/finance-summary', label: '年度汇总（只读）' },
    { path: '/grant-disbursements', label: '补助拨付（只读）' },
    { path: '/audit', label: '审计日志' },
    { path: '/directory', label: '托育机构名录' },
    { path: '/notices', label: '补贴公示' },
  ],
};
