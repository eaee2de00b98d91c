import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { ReasonAction } from '../../components/reason-action';
import { StatusTag } from '../../components/status-tag';
import { useConfirm } from '../../components/use-confirm';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/dates';
import { labelOf } from '../../lib/labels';
import { formatFen, parseYuanToFen } from '../../lib/money';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';

type Grant = components['schemas']['GrantView'];

export const GRANT_KIND_LABELS: Record<string, string> = { CONSTRUCTION: '建设补助', ADVANCED_AWARD: '示范奖励' };
export const GRANT_STATUS_LABELS: Record<string, string> = {
  PENDING: '待审批',
  APPROVED: '已审批',
  DISBURSED: '已拨付',
  REJECTED: '已驳回',
};
export const FUNDING_SOURCE_LABELS: Record<string, string> = { CITY: '市级', DISTRICT: '区级' };

/** 建设补助与奖励: grants, created by one admin and approved or rejected by another (four eyes). */
export function GrantsPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'admin');
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const [actionError, setActionError] = useState<unknown>(null);
  const grants = useLoad(() => call(api.GET('/api/v1/grants', { params: { query: { pageSize: 200 } } })), []);
  const institutions = useLoad(() => call(api.GET('/api/v1/institutions', { params: { query: { status: 'FILED', pageSize: 200 } } })), []);
  const names = new Map((institutions.data?.items ?? []).map((i) => [i.id, i.name]));

  const act = async (what: () => Promise<unknown>, done: string) => {
    setActionError(null);
    try {
      await what();
      void toast.success(done);
      await grants.reload();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <>
      {holder}
      <PageTitle intro="建设补助与示范奖励由一位管理员创建，须由另一位管理员审批（创建人不能审批自己创建的）。">建设补助与奖励</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {mayAct ? <NewGrant institutions={institutions.data?.items ?? []} onCreated={grants.reload} /> : null}
        <Card title="补助与奖励">
          <ErrorAlert error={grants.error ?? actionError} title={actionError ? '操作未成功' : undefined} />
          <Table<Grant>
            className="grant-list"
            size="small"
            rowKey="id"
            loading={grants.loading}
            pagination={false}
            dataSource={grants.data?.items ?? []}
            expandable={{
              rowExpandable: (g: Grant) => mayAct && g.status === 'PENDING',
              expandedRowRender: (g: Grant) =>
                g.createdById === user.id ? (
                  <Alert type="info" showIcon title="这笔由您创建，须由另一位管理员审批或驳回（双人复核）。" />
                ) : (
                  <Space orientation="vertical">
                    <Button
                      type="primary"
                      onClick={() =>
                        ask(
                          '审批通过这笔补助？',
                          () => void act(() => call(api.POST('/api/v1/grants/{id}/approve', { params: { path: { id: g.id } } })), '已审批'),
                        )
                      }
                    >
                      审批通过
                    </Button>
                    <ReasonAction
                      id={`reject-${g.id}`}
                      label="驳回原因"
                      button="驳回"
                      onSubmit={(reason) =>
                        act(
                          () => call(api.POST('/api/v1/grants/{id}/reject', { params: { path: { id: g.id } }, body: { reason } })),
                          '已驳回',
                        )
                      }
                    />
                  </Space>
                ),
            }}
            columns={[
              { title: '机构', dataIndex: 'institutionId', key: 'inst', render: (id: string) => names.get(id) ?? id },
              { title: '类别', dataIndex: 'kind', key: 'kind', render: (k: string) => labelOf(GRANT_KIND_LABELS, k) },
              { title: '年度', dataIndex: 'year', key: 'year' },
              {
                title: '状态',
                dataIndex: 'status',
                key: 'status',
                render: (s: string) => <StatusTag status={s} labels={GRANT_STATUS_LABELS} />,
              },
              {
                title: '金额',
                key: 'amount',
                render: (_: unknown, g: Grant) =>
                  g.components
                    .map((c) => `${labelOf(FUNDING_SOURCE_LABELS, c.source)} ${formatFen(c.amountFen)}（已拨 ${formatFen(c.paidFen)}）`)
                    .join('；'),
              },
              { title: '创建时间', dataIndex: 'createdAt', key: 'created', render: (v: string) => formatDateTime(v) },
              { title: '说明', dataIndex: 'reason', key: 'reason', render: (r: string | null) => r ?? '—' },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}

function NewGrant({ institutions, onCreated }: { institutions: { id: string; name: string }[]; onCreated: () => Promise<void> }) {
  const [institutionId, setInstitutionId] = useState<string | undefined>();
  const [kind, setKind] = useState<'CONSTRUCTION' | 'ADVANCED_AWARD'>('ADVANCED_AWARD');
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>(null);
  const fen = parseYuanToFen(amount);
  const ready = institutionId !== undefined && year !== null && (kind === 'CONSTRUCTION' || fen !== null);

  const create = async () => {
    if (!ready || institutionId === undefined || year === null) return;
    setError(null);
    try {
      await call(
        api.POST('/api/v1/grants', {
          body: { institutionId, kind, year, ...(kind === 'ADVANCED_AWARD' && fen !== null ? { amountFen: fen } : {}) },
        }),
      );
      setAmount('');
      await onCreated();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card title="新建">
      <Space wrap>
        <label htmlFor="grant-institution">机构</label>
        <Select
          id="grant-institution"
          style={{ width: 260 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={institutionId}
          onChange={(v: string) => setInstitutionId(v)}
          options={institutions.map((i) => ({ value: i.id, label: i.name }))}
        />
        <label htmlFor="grant-kind">类别</label>
        <Select
          id="grant-kind"
          style={{ width: 140 }}
          value={kind}
          onChange={(v: 'CONSTRUCTION' | 'ADVANCED_AWARD') => setKind(v)}
          options={Object.entries(GRANT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <label htmlFor="grant-year">年度</label>
        <InputNumber id="grant-year" min={2020} max={2100} precision={0} value={year} onChange={(v) => setYear(v)} />
        {kind === 'ADVANCED_AWARD' ? (
          <>
            <label htmlFor="grant-amount">金额（元）</label>
            <Input id="grant-amount" style={{ width: 140 }} value={amount} onChange={(e) => setAmount(e.target.value)} />
          </>
        ) : null}
        <Button type="primary" disabled={!ready} onClick={() => void create()}>
          创建补助
        </Button>
      </Space>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}
