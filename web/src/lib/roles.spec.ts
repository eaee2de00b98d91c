import { MENUS } from './menus';
import { canAct, PAGE_ROLES } from './roles';

describe('roles', () => {
  it('lets only the owning role act; auditors read', () => {
    expect(canAct('admin', 'admin')).toBe(true);
    expect(canAct('auditor', 'admin')).toBe(false);
    expect(canAct('auditor', 'finance')).toBe(false);
    expect(canAct('finance', 'admin')).toBe(false);
  });

  it('shows each role in the menu exactly the pages it may open', () => {
    const paths = {
      review: '/review',
      settlementRuns: '/settlement-runs',
      payments: '/payments',
      yearSummary: '/finance-summary',
      grantDisbursements: '/grant-disbursements',
      audit: '/audit',
      institutions: '/institutions',
      children: '/children',
      users: '/users',
      policies: '/policies',
      grants: '/grants',
      stats: '/stats',
    } as const;
    for (const [page, roles] of Object.entries(PAGE_ROLES)) {
      for (const role of ['admin', 'operator', 'finance', 'auditor'] as const) {
        const inMenu = MENUS[role].some((e) => e.path === paths[page as keyof typeof paths]);
        expect([page, role, inMenu]).toEqual([page, role, (roles as readonly string[]).includes(role)]);
      }
    }
  });
});
