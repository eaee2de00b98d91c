import { Button, Layout, Menu, Spin, Typography, type MenuProps } from 'antd';
import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { ROLE_LABELS } from '../lib/labels';
import { MENUS, type MenuEntry } from '../lib/menus';
import { useSession } from '../session/session';

function selectedKey(pathname: string, entries: MenuEntry[]): string {
  const match = entries
    .filter((e) => e.path !== '/' && (pathname === e.path || pathname.startsWith(`${e.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.path ?? '/';
}

/** The signed-in console: role-based menu, who is signed in, sign-out. Not signed in → the sign-in page. */
export function ConsoleLayout() {
  const { user, endedUnderUser, signedOut, signOut } = useSession();
  const location = useLocation();
  const [signOutError, setSignOutError] = useState<unknown>(null);

  if (user === undefined) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" description="正在加载…" />
      </div>
    );
  }
  if (!user) {
    if (signedOut) return <Navigate to="/login" replace />;
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}${endedUnderUser ? '&ended=1' : ''}`} replace />;
  }

  const entries = MENUS[user.role];
  const items: MenuProps['items'] = entries.map((e) => ({
    key: e.path,
    label: e.external ? <a href={e.path}>{e.label}</a> : <Link to={e.path}>{e.label}</Link>,
  }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} breakpoint="md" collapsedWidth={0} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 16px 8px', fontWeight: 600 }}>托育服务管理平台</div>
        <nav aria-label="主菜单">
          <Menu mode="inline" items={items} selectedKeys={[selectedKey(location.pathname, entries)]} style={{ borderInlineEnd: 0 }} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16 }}
        >
          <Typography.Text strong>茌平区托育服务管理平台</Typography.Text>
          <span style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
            <Typography.Text>
              {user.username}（{ROLE_LABELS[user.role]}）
            </Typography.Text>
            <Button
              onClick={async () => {
                try {
                  await signOut(); // the layout then shows the sign-in page
                } catch (error) {
                  setSignOutError(error);
                }
              }}
            >
              退出登录
            </Button>
          </span>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            <ErrorAlert error={signOutError} />
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
