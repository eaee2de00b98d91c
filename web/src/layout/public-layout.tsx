import { Layout, Typography } from 'antd';
import { Link, Outlet } from 'react-router';
import { useSession } from '../session/session';

/** Pages anyone may open (no sign-in): a slim header that fits a phone. */
export function PublicLayout() {
  const { user } = useSession();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        className="public-header"
        style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 12 }}
      >
        <Typography.Text strong>茌平区托育服务信息公示</Typography.Text>
        <nav aria-label="公开信息" style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
          <Link to="/directory">机构名录</Link>
          <Link to="/notices">补贴公示</Link>
          <Link to={user ? '/' : '/login'}>{user ? '返回工作台' : '机构与工作人员登录'}</Link>
        </nav>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <main>
          <Outlet />
        </main>
      </Layout.Content>
    </Layout>
  );
}
