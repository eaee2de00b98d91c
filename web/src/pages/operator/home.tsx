import { Alert, Button, Card, Descriptions, Space, Spin } from 'antd';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import type { Institution, Page, RosterListItem } from '../../api/local-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { INSTITUTION_STATUS_LABELS } from '../../lib/labels';
import { formatFenOrDash } from '../../lib/money';
import { operatorTodos } from '../../lib/todos';
import { useInstitutionId } from './use-institution-id';

/** 工作台: what needs doing now (returned filing or roster, rosters not yet submitted), and the institution at a glance. */
export function OperatorHome() {
  const id = useInstitutionId();
  const navigate = useNavigate();
  const { data, error, loading } = useLoad(async () => {
    const [institution, rosters] = await Promise.all([
      call<Institution>(api.GET('/api/v1/institutions/{id}', { params: { path: { id } } })),
      call<Page<RosterListItem>>(api.GET('/api/v1/institutions/{id}/rosters', { params: { path: { id }, query: { pageSize: 200 } } })),
    ]);
    return { institution, rosters: rosters.items };
  }, [id]);

  const todos = data ? operatorTodos(data.institution, data.rosters) : [];
  return (
    <>
      <PageTitle intro={data?.institution.name}>工作台</PageTitle>
      <ErrorAlert error={error} />
      {loading && !data ? <Spin /> : null}
      {data ? (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Card title="待办事项">
            {todos.length === 0 ? (
              <Alert type="success" showIcon title="目前没有待办事项" description="本月和上月的花名册都已提交，备案状态正常。" />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {todos.map((todo) => (
                  <Alert
                    key={todo.key}
                    type={todo.level}
                    showIcon
                    title={todo.text}
                    action={
                      <Button size="small" type={todo.level === 'info' ? 'default' : 'primary'} onClick={() => navigate(todo.link)}>
                        {todo.action}
                      </Button>
                    }
                  />
                ))}
              </Space>
            )}
          </Card>
          <Card title="机构概况">
            <Descriptions
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: 'status',
                  label: '备案状态',
                  children: <StatusTag status={data.institution.status} labels={INSTITUTION_STATUS_LABELS} />,
                },
                { key: 'number', label: '备案编号', children: data.institution.filingNumber ?? '—' },
                { key: 'slots', label: '核定托位数', children: data.institution.approvedSlots },
                {
                  key: 'inclusive',
                  label: '普惠托育',
                  children: data.institution.inclusive ? `是（指导价 ${formatFenOrDash(data.institution.guidancePriceFen)}/月）` : '否',
                },
              ]}
            />
          </Card>
        </Space>
      ) : null}
    </>
  );
}
