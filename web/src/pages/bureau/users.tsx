import { Button, Card, Input, Select, Space, Table, Tag, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { useConfirm } from '../../components/use-confirm';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/dates';
import { ROLE_LABELS, type Role } from '../../lib/labels';

type User = components['schemas']['UserView'];

const PAGE_SIZE = 50;

/** 用户 (health bureau): accounts, an operator bound to an institution; deactivate, reactivate, set a new password. */
export function UsersPage() {
  const [toast, holder] = message.useMessage();
  const ask = useConfirm();
  const [page, setPage] = useState(1);
  const [actionError, setActionError] = useState<unknown>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const users = useLoad(() => call(api.GET('/api/v1/users', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page]);
  const institutions = useLoad(() => call(api.GET('/api/v1/institutions', { params: { query: { pageSize: 200 } } })), []);
  const names = new Map((institutions.data?.items ?? []).map((i) => [i.id, i.name]));

  const patch = async (id: string, body: { active?: boolean; password?: string }, done: string) => {
    setActionError(null);
    try {
      await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));
      void toast.success(done);
      setResetFor(null);
      setNewPassword('');
      await users.reload();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <>
      {holder}
      <PageTitle intro="创建账号（机构经办人须绑定机构）、停用或启用账号、重设密码。停用后该账号下一次操作即退出登录。">用户</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <NewUser institutions={institutions.data?.items ?? []} onCreated={users.reload} />
        <Card title="账号">
          <ErrorAlert error={users.error ?? actionError} />
          <Table<User>
            className="user-list"
            size="small"
            rowKey="id"
            loading={users.loading}
            dataSource={users.data?.items ?? []}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: users.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
            expandable={{
              expandedRowKeys: resetFor ? [resetFor] : [],
              showExpandColumn: false,
              expandedRowRender: (u: User) => (
                <Space wrap>
                  <label htmlFor={`password-${u.id}`}>新密码</label>
                  <Input.Password
                    id={`password-${u.id}`}
                    autoComplete="new-password"
                    style={{ width: 240 }}
                    value={newPassword}
                    onChange={(e) => setNewPassword(e.target.value)}
                  />
                  <Button type="primary" disabled={!newPassword} onClick={() => void patch(u.id, { password: newPassword }, '密码已重设')}>
                    保存新密码
                  </Button>
                  <Button onClick={() => setResetFor(null)}>取消</Button>
                </Space>
              ),
            }}
            columns={[
              { title: '用户名', dataIndex: 'username', key: 'username' },
              { title: '角色', dataIndex: 'role', key: 'role', render: (r: Role) => ROLE_LABELS[r] ?? r },
              {
                title: '所属机构',
                dataIndex: 'institutionId',
                key: 'inst',
                render: (id: string | null) => (id ? (names.get(id) ?? id) : '—'),
              },
              {
                title: '状态',
                dataIndex: 'active',
                key: 'active',
                render: (a: boolean) => (
                  <Tag variant="solid" color={a ? '#237804' : '#a8071a'}>
                    {a ? '启用' : '已停用'}
                  </Tag>
                ),
              },
              { title: '创建时间', dataIndex: 'createdAt', key: 'created', render: (v: string) => formatDateTime(v) },
              {
                title: '操作',
                key: 'act',
                render: (_: unknown, u: User) => (
                  <Space>
                    <Button
                      type="link"
                      style={{ padding: 0 }}
                      onClick={() =>
                        ask(
                          u.active ? `停用 ${u.username}？` : `启用 ${u.username}？`,
                          () => void patch(u.id, { active: !u.active }, u.active ? '已停用' : '已启用'),
                        )
                      }
                    >
                      {u.active ? '停用' : '启用'}
                    </Button>
                    <Button type="link" style={{ padding: 0 }} onClick={() => setResetFor(u.id)}>
                      重设密码
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}

function NewUser({ institutions, onCreated }: { institutions: { id: string; name: string }[]; onCreated: () => Promise<void> }) {
  const [toast, holder] = message.useMessage();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [institutionId, setInstitutionId] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(
        api.POST('/api/v1/users', {
          body: { username: username.trim(), password, role, ...(role === 'operator' && institutionId ? { institutionId } : {}) },
        }),
      );
      void toast.success('账号已创建');
      setUsername('');
      setPassword('');
      await onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="新建账号">
      {holder}
      <Space wrap>
        <label htmlFor="new-username">用户名</label>
        <Input id="new-username" style={{ width: 180 }} autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="new-password">初始密码</label>
        <Input.Password
          id="new-password"
          style={{ width: 200 }}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <label htmlFor="new-role">角色</label>
        <Select
          id="new-role"
          style={{ width: 150 }}
          value={role}
          onChange={(v: Role) => setRole(v)}
          options={(Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        {role === 'operator' ? (
          <>
            <label htmlFor="new-institution">所属机构</label>
            <Select
              id="new-institution"
              style={{ width: 260 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={institutionId}
              onChange={(v: string) => setInstitutionId(v)}
              options={institutions.map((i) => ({ value: i.id, label: i.name }))}
            />
          </>
        ) : null}
        <Button
          type="primary"
          loading={busy}
          disabled={!username.trim() || !password || (role === 'operator' && !institutionId)}
          onClick={() => void create()}
        >
          创建
        </Button>
      </Space>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}
