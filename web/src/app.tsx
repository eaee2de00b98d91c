import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ConsoleLayout } from './layout/console-layout';
import { PublicLayout } from './layout/public-layout';
import type { Role } from './lib/labels';
import { PAGE_ROLES } from './lib/roles';
import { AuditLogPage } from './pages/audit/audit-log';
import { ChildrenPage } from './pages/bureau/children';
import { GrantsPage } from './pages/bureau/grants';
import { InstitutionDetailPage, InstitutionsPage } from './pages/bureau/institutions';
import { PoliciesPage } from './pages/bureau/policies';
import { ReviewPage } from './pages/bureau/review';
import { UsersPage } from './pages/bureau/users';
import { SettlementRunsPage } from './pages/bureau/settlement-runs';
import { GrantDisbursementsPage } from './pages/finance/grant-disbursements';
import { PaymentsPage } from './pages/finance/payments';
import { YearSummaryPage } from './pages/finance/year-summary';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { OperatorHome } from './pages/operator/home';
import { InstitutionPage } from './pages/operator/institution';
import { RostersPage } from './pages/operator/rosters';
import { SettlementsPage } from './pages/operator/settlements';
import { StaffPage } from './pages/operator/staff';
import { DirectoryPage } from './pages/public/directory';
import { NoticePage } from './pages/public/notice';
import { NoticesPage } from './pages/public/notices';
import { StaffHome } from './pages/staff-home';
import { SessionProvider, useUser } from './session/session';

/** Colours that keep text at WCAG AA contrast (antd's defaults fall below 4.5:1 for primary buttons and secondary text). */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad6800',
    colorInfo: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
  },
};

// the statistics page brings the chart library: loaded when it is first opened, not with the console
const StatsPage = lazy(() => import('./pages/bureau/stats').then((m) => ({ default: m.StatsPage })));

/** A page of some roles only; other roles get the not-found page (an operator cannot learn what exists elsewhere). */
function Only({ role, roles, children }: { role?: Role; roles?: readonly Role[]; children: ReactNode }) {
  const user = useUser();
  const allowed = roles ?? (role ? [role] : []);
  return allowed.includes(user.role) ? children : <NotFoundPage />;
}

function Home() {
  const user = useUser();
  return user.role === 'operator' ? <OperatorHome /> : <StaffHome />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <PublicLayout />,
    children: [
      { path: '/directory', element: <DirectoryPage /> },
      { path: '/notices', element: <NoticesPage /> },
      { path: '/notices/:id', element: <NoticePage /> },
    ],
  },
  {
    element: <ConsoleLayout />,
    children: [
      { path: '/', element: <Home /> },
      {
        path: '/institution',
        element: (
          <Only role="operator">
            <InstitutionPage />
          </Only>
        ),
      },
      {
        path: '/rosters',
        element: (
          <Only role="operator">
            <RostersPage />
          </Only>
        ),
      },
      {
        path: '/staff',
        element: (
          <Only role="operator">
            <StaffPage />
          </Only>
        ),
      },
      {
        path: '/settlements',
        element: (
          <Only role="operator">
            <SettlementsPage />
          </Only>
        ),
      },
      {
        path: '/review',
        element: (
          <Only roles={PAGE_ROLES.review}>
            <ReviewPage />
          </Only>
        ),
      },
      {
        path: '/institutions',
        element: (
          <Only roles={PAGE_ROLES.institutions}>
            <InstitutionsPage />
          </Only>
        ),
      },
      {
        path: '/institutions/:id',
        element: (
          <Only roles={PAGE_ROLES.institutions}>
            <InstitutionDetailPage />
          </Only>
        ),
      },
      {
        path: '/children',
        element: (
          <Only roles={PAGE_ROLES.children}>
            <ChildrenPage />
          </Only>
        ),
      },
      {
        path: '/users',
        element: (
          <Only roles={PAGE_ROLES.users}>
            <UsersPage />
          </Only>
        ),
      },
      {
        path: '/policies',
        element: (
          <Only roles={PAGE_ROLES.policies}>
            <PoliciesPage />
          </Only>
        ),
      },
      {
        path: '/grants',
        element: (
          <Only roles={PAGE_ROLES.grants}>
            <GrantsPage />
          </Only>
        ),
      },
      {
        path: '/stats',
        element: (
          <Only roles={PAGE_ROLES.stats}>
            <Suspense fallback={<Spin description="正在加载…" />}>
              <StatsPage />
            </Suspense>
          </Only>
        ),
      },
      {
        path: '/settlement-runs',
        element: (
          <Only roles={PAGE_ROLES.settlementRuns}>
            <SettlementRunsPage />
          </Only>
        ),
      },
      {
        path: '/payments',
        element: (
          <Only roles={PAGE_ROLES.payments}>
            <PaymentsPage />
          </Only>
        ),
      },
      {
        path: '/finance-summary',
        element: (
          <Only roles={PAGE_ROLES.yearSummary}>
            <YearSummaryPage />
          </Only>
        ),
      },
      {
        path: '/grant-disbursements',
        element: (
          <Only roles={PAGE_ROLES.grantDisbursements}>
            <GrantDisbursementsPage />
          </Only>
        ),
      },
      {
        path: '/audit',
        element: (
          <Only roles={PAGE_ROLES.audit}>
            <AuditLogPage />
          </Only>
        ),
      },
      { path: '/index.html', element: <Navigate to="/" replace /> },
    ],
  },
  {
    path: '*',
    element: (
      <main>
        <NotFoundPage />
      </main>
    ),
  },
]);

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
