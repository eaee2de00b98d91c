import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { useSession } from '../session/session';

/** Only paths of this console (or the queue dashboard) are followed after sign-in: never another site. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export function LoginPage() {
  const { user, endedUnderUser, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  const go = (target: string) => {
    // the queue dashboard is not part of the single-page app
    if (target.startsWith('/admin/queues')) window.location.assign(target);
    else void navigate(target, { replace: true });
  };

  if (user) return <Navigate to={next.startsWith('/admin/queues') ? '/' : next} replace />;

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          茌平区托育服务管理平台
        </Typography.Title>
        <Typography.Paragraph>托育机构经办人、区卫生健康局、区财政局和审计人员登录。</Typography.Paragraph>
        {endedUnderUser || params.get('ended') ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="登录已失效"
            description="您已退出、长时间未操作、账号已停用或密码已更改，请重新登录。"
          />
        ) : null}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={async (values: { username: string; password: string }) => {
            setBusy(true);
            setError(null);
            try {
              await signIn(values.username.trim(), values.password);
              go(next);
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <ErrorAlert error={error} />
          <Button type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 8 }}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          <Link to="/directory">查看托育机构名录（无需登录）</Link>
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
