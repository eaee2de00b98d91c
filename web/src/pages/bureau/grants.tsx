import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, Typography, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { grantColumns } from '../../components/grant-columns';
import { PageTitle } from '../../components/page-title';
import { ReasonAction } from '../../components/reason-action';
import { useConfirm } from '../../components/use-confirm';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime } from '../../lib/dates';
import { FUNDING_SOURCE_LABELS, GRANT_KIND_LABELS, labelOf } from '../../lib/labels';
import { formatFen, parseYuanToFen } from '../../lib/money';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';

type Grant = components['schemas']['GrantView'];
type Budget = components['schemas']['BudgetView'];
type GrantPolicy = components['schemas']['GrantPolicyView'];
type Source = 'CITY' | 'DISTRICT';

/** 建设补助与奖励: grants, created by one admin and approved or rejected by another (four eyes). */
export function GrantsPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'admin');
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const [actionError, setActionError] = useState<unknown>(null);
  const [budgetsVersion, setBudgetsVersion] = useState(0);
  const grants = useLoad(() => call(api.GET('/api/v1/grants', { params: { query: { pageSize: 200 } } })), []);
  const institutions = useLoad(() => call(api.GET('/api/v1/institutions', { params: { query: { status: 'FILED', pageSize: 200 } } })), []);
  const names = new Map((institutions.data?.items ?? []).map((i) => [i.id, i.name]));

  const act = async (what: () => Promise<unknown>, done: string) => {
    setActionError(null);
    try {
      await what();
      void toast.success(done);
      await grants.reload();
      setBudgetsVersion((v) => v + 1); // an approval takes from the year's budget
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <>
      {holder}
      <PageTitle intro="建设补助与示范奖励由一位管理员创建，须由另一位管理员审批（创建人不能审批自己创建的）；审批时从当年对应资金来源的预算中占用。">
        建设补助与奖励
      </PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Budgets mayAct={mayAct} key={budgetsVersion} />
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
              expandedRowRender: (g: Grant) => (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  <GrantDetail grant={g} />
                  {mayAct && g.status === 'PENDING' ? (
                    g.createdById === user.id ? (
                      <Alert
                        type="info"
                        showIcon
                        title="这笔由您创建，须由另一位管理员审批或驳回（双人复核）。"
                        description="双人复核：补助的创建人不能审批自己创建的补助。请通知另一位管理员登录后在本页审批。"
                      />
                    ) : (
                      <Space orientation="vertical">
                        <Button
                          type="primary"
                          onClick={() =>
                            ask(
                              '审批通过这笔补助？',
                              () =>
                                void act(() => call(api.POST('/api/v1/grants/{id}/approve', { params: { path: { id: g.id } } })), '已审批'),
                              { description: '审批后金额从当年对应资金来源的预算中占用。' },
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
                    )
                  ) : null}
                </Space>
              ),
            }}
            columns={[
              { title: '机构', dataIndex: 'institutionId', key: 'inst', render: (id: string) => names.get(id) ?? id },
              ...grantColumns('金额'),
              { title: '创建时间', dataIndex: 'createdAt', key: 'created', render: (v: string) => formatDateTime(v) },
              { title: '审批时间', dataIndex: 'decidedAt', key: 'decided', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
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
    <Card title="新建补助或奖励">
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
        ) : (
          <Typography.Text>金额按该年度的建设补助标准（见上方）；机构须为已备案、独立设置的区级公办机构。</Typography.Text>
        )}
        <Button type="primary" disabled={!ready} onClick={() => void create()}>
          创建补助
        </Button>
      </Space>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} title={error ? '未能创建' : undefined} />
      </div>
    </Card>
  );
}

/** A grant's components by funding source: amount, paid, outstanding, whether the budget was charged, vouchers. */
function GrantDetail({ grant }: { grant: Grant }) {
  return (
    <Table
      className="grant-components"
      size="small"
      rowKey="source"
      pagination={false}
      dataSource={grant.components}
      columns={[
        { title: '资金来源', dataIndex: 'source', key: 'source', render: (s: string) => labelOf(FUNDING_SOURCE_LABELS, s) },
        { title: '补助金额', dataIndex: 'amountFen', key: 'amount', align: 'right', render: (v: number) => formatFen(v) },
        { title: '已拨付', dataIndex: 'paidFen', key: 'paid', align: 'right', render: (v: number) => formatFen(v) },
        { title: '未拨付', dataIndex: 'outstandingFen', key: 'left', align: 'right', render: (v: number) => formatFen(v) },
        {
          title: '占用预算',
          dataIndex: 'budgetApplied',
          key: 'budget',
          render: (v: boolean | null) => (v === null ? '审批后占用' : v ? '已占用' : '未设预算，未占用'),
        },
        {
          title: '拨付记录',
          key: 'disbursements',
          render: (_: unknown, c: Grant['components'][number]) =>
            c.disbursements.length === 0
              ? '—'
              : c.disbursements.map((d) => `${formatDate(d.paidOn)} ${formatFen(d.amountFen)}（凭证 ${d.voucherNo}）`).join('；'),
        },
      ]}
    />
  );
}

const SOURCES: Source[] = ['CITY', 'DISTRICT'];

/** Budgets per year and funding source: the amount, what approved grants commit, what is left; admins set a year's amount. */
function Budgets({ mayAct }: { mayAct: boolean }) {
  const [year, setYear] = useState<number | null>(null);
  const budgets = useLoad(
    () => call(api.GET('/api/v1/budgets', { params: { query: { year: year ?? undefined, pageSize: 200 } } })),
    [year],
  );
  const rows = [...(budgets.data?.items ?? [])].sort((a, b) => b.year - a.year || a.source.localeCompare(b.source));
  return (
    <Card title="年度预算" className="budgets">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <label htmlFor="budget-filter-year">查看年份</label>
          <InputNumber
            id="budget-filter-year"
            min={2020}
            max={2100}
            precision={0}
            placeholder="全部"
            value={year}
            onChange={(v) => setYear(v)}
          />
        </Space>
        <ErrorAlert error={budgets.error} />
        <Table<Budget>
          className="budget-list"
          size="small"
          rowKey={(b) => `${b.year}-${b.source}`}
          loading={budgets.loading}
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: '尚未设置预算' }}
          columns={[
            { title: '年度', dataIndex: 'year', key: 'year' },
            { title: '资金来源', dataIndex: 'source', key: 'source', render: (s: string) => labelOf(FUNDING_SOURCE_LABELS, s) },
            { title: '预算金额', dataIndex: 'amountFen', key: 'amount', align: 'right', render: (v: number) => formatFen(v) },
            {
              title: '已占用（已审批补助）',
              dataIndex: 'committedFen',
              key: 'committed',
              align: 'right',
              render: (v: number) => formatFen(v),
            },
            { title: '余额', dataIndex: 'remainingFen', key: 'remaining', align: 'right', render: (v: number) => formatFen(v) },
          ]}
        />
        {mayAct ? <SetBudget onSaved={budgets.reload} /> : null}
        <GrantPolicies mayAct={mayAct} />
      </Space>
    </Card>
  );
}

function SetBudget({ onSaved }: { onSaved: () => Promise<void> }) {
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const [source, setSource] = useState<Source>('DISTRICT');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>(null);
  const fen = parseYuanToFen(amount);
  const save = async () => {
    if (year === null || fen === null) return;
    setError(null);
    try {
      await call(api.PUT('/api/v1/budgets/{year}/{source}', { params: { path: { year, source } }, body: { amountFen: fen } }));
      setAmount('');
      void toast.success('预算已保存');
      await onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      {holder}
      <Typography.Text strong>设置年度预算</Typography.Text>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        同一年度、同一资金来源只有一个预算，再次保存即修改；不能低于已审批补助占用的金额。
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="budget-year">预算年份</label>
        <InputNumber id="budget-year" min={2020} max={2100} precision={0} value={year} onChange={(v) => setYear(v)} />
        <label htmlFor="budget-source">预算的资金来源</label>
        <Select
          id="budget-source"
          style={{ width: 120 }}
          value={source}
          onChange={(v: Source) => setSource(v)}
          options={SOURCES.map((value) => ({ value, label: FUNDING_SOURCE_LABELS[value] }))}
        />
        <label htmlFor="budget-amount">预算（元）</label>
        <Input
          id="budget-amount"
          style={{ width: 160 }}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          status={amount && fen === null ? 'error' : undefined}
        />
        <Button
          type="primary"
          disabled={year === null || fen === null}
          onClick={() =>
            fen !== null &&
            year !== null &&
            ask(`将 ${year} 年${FUNDING_SOURCE_LABELS[source]}预算设为 ${formatFen(fen)}？`, () => void save(), { okText: '保存' })
          }
        >
          保存预算
        </Button>
      </Space>
      {amount && fen === null ? (
        <div>
          <Typography.Text type="danger">请填写金额，最多两位小数</Typography.Text>
        </div>
      ) : null}
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={error} title={error ? '预算未保存' : undefined} />
      </div>
    </div>
  );
}

/** The construction grant's amounts per funding source, by the year they apply from; admins add a later version. */
function GrantPolicies({ mayAct }: { mayAct: boolean }) {
  const policies = useLoad(() => call(api.GET('/api/v1/grant-policies', { params: { query: { pageSize: 200 } } })), []);
  const [year, setYear] = useState<number | null>(new Date().getFullYear() + 1);
  const [source, setSource] = useState<Source>('DISTRICT');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<unknown>(null);
  const ask = useConfirm();
  const fen = parseYuanToFen(amount);
  const save = async () => {
    if (year === null || fen === null) return;
    setError(null);
    try {
      await call(api.POST('/api/v1/grant-policies', { body: { kind: 'CONSTRUCTION', source, effectiveFromYear: year, amountFen: fen } }));
      setAmount('');
      await policies.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <Typography.Text strong>建设补助金额标准</Typography.Text>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        新建的建设补助按创建年度适用的标准分市级、区级两部分；示范奖励的金额逐笔填写。
      </Typography.Paragraph>
      <ErrorAlert error={policies.error} />
      <Table<GrantPolicy>
        className="grant-policy-list"
        size="small"
        rowKey="id"
        loading={policies.loading}
        pagination={false}
        dataSource={policies.data?.items ?? []}
        columns={[
          { title: '类别', dataIndex: 'kind', key: 'kind', render: (k: string) => labelOf(GRANT_KIND_LABELS, k) },
          { title: '资金来源', dataIndex: 'source', key: 'source', render: (s: string) => labelOf(FUNDING_SOURCE_LABELS, s) },
          { title: '起始年度', dataIndex: 'effectiveFromYear', key: 'year' },
          { title: '金额', dataIndex: 'amountFen', key: 'amount', align: 'right', render: (v: number) => formatFen(v) },
        ]}
      />
      {mayAct ? (
        <Space wrap style={{ marginTop: 8 }}>
          <label htmlFor="policy-year">自哪一年起</label>
          <InputNumber id="policy-year" min={2020} max={2100} precision={0} value={year} onChange={(v) => setYear(v)} />
          <label htmlFor="policy-source">标准的资金来源</label>
          <Select
            id="policy-source"
            style={{ width: 120 }}
            value={source}
            onChange={(v: Source) => setSource(v)}
            options={SOURCES.map((value) => ({ value, label: FUNDING_SOURCE_LABELS[value] }))}
          />
          <label htmlFor="policy-amount">每个机构的补助（元）</label>
          <Input id="policy-amount" style={{ width: 160 }} value={amount} onChange={(e) => setAmount(e.target.value)} />
          <Button
            disabled={year === null || fen === null}
            onClick={() =>
              fen !== null &&
              year !== null &&
              ask(`新增 ${year} 年起${FUNDING_SOURCE_LABELS[source]}建设补助 ${formatFen(fen)} 的标准？`, () => void save(), {
                description: '标准不能修改，只能新增以后年度的版本。',
                okText: '新增',
              })
            }
          >
            新增标准版本
          </Button>
        </Space>
      ) : null}
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={error} />
      </div>
    </div>
  );
}
