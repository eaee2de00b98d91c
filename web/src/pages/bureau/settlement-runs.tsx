import { Alert, Button, Card, Descriptions, Empty, Progress, Space, Table, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { useConfirm } from '../../components/use-confirm';
import { MonthPicker } from '../../components/month-picker';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/dates';
import { LINE_REASON_LABELS, SETTLEMENT_STATUS_LABELS } from '../../lib/labels';
import { formatFen } from '../../lib/money';
import { addMonths, monthLabel, shanghaiMonth } from '../../lib/months';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';
import { settlementMonthColumns } from '../../components/settlement-columns';
import { RosterCorrections } from './roster-corrections';

type Settlement = components['schemas']['SettlementView'];
type Part = components['schemas']['InstitutionPartView'];

const COMPUTING = new Set(['QUEUED', 'RUNNING']);
const COMPUTED = new Set(['COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID']);
const POLL_MS = 1000;

/** The share of the work done, in whole percent (0 while nothing is planned yet). */
export function progressPercent(s: Pick<Settlement, 'status' | 'progress'>): number {
  if (COMPUTED.has(s.status)) return 100;
  if (!s.progress.total) return 0;
  return Math.min(100, Math.floor((s.progress.done * 100) / s.progress.total));
}

/** 结算管理 (health bureau): run a month, watch it compute, look at it, publish it for public notice, approve it. */
export function SettlementRunsPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'admin');
  const ask = useConfirm();
  const [params, setParams] = useSearchParams();
  const [month, setMonth] = useState(() => addMonths(shanghaiMonth(), -1));
  const [runError, setRunError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const list = useLoad(() => call(api.GET('/api/v1/settlements', { params: { query: { pageSize: 60 } } })), []);
  const selectedId = params.get('settlement') ?? list.data?.items[0]?.id ?? null;

  const run = async () => {
    setRunError(null);
    setRunning(true);
    try {
      const s = await call(api.POST('/api/v1/settlements', { body: { month } }));
      await list.reload();
      setParams({ settlement: s.id });
    } catch (e) {
      setRunError(e);
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <PageTitle intro={mayAct ? '按月计算保育费补贴，公示后审定；审定后由区财政局拨付。' : '只读：各月结算的计算、公示和审定情况。'}>
        结算管理
      </PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {mayAct ? (
          <Card title="发起结算">
            <Space wrap>
              <label htmlFor="run-month">结算月份</label>
              <MonthPicker
                id="run-month"
                label="结算月份"
                value={month}
                bounds={{ min: '2020-01', max: shanghaiMonth() }}
                onChange={setMonth}
              />
              <Button
                type="primary"
                loading={running}
                onClick={() =>
                  ask(`计算${monthLabel(month)}的补贴？`, () => void run(), {
                    description: '未审定的月份会按最新花名册重新计算。',
                    okText: '计算',
                  })
                }
              >
                计算本月补贴
              </Button>
            </Space>
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={runError} />
            </div>
          </Card>
        ) : null}
        <Card title="各月结算">
          <ErrorAlert error={list.error} />
          <Table<Settlement>
            className="settlement-list"
            size="small"
            rowKey="id"
            loading={list.loading}
            pagination={false}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description="尚无结算" /> }}
            rowClassName={(s) => (s.id === selectedId ? 'ant-table-row-selected' : '')}
            columns={[
              ...settlementMonthColumns<Settlement>(selectedId, (id) => setParams({ settlement: id })),
              { title: '计算次数', dataIndex: 'run', key: 'run' },
              { title: '补贴人数', key: 'children', render: (_: unknown, s: Settlement) => s.totals.paidChildren },
              { title: '应拨金额', key: 'amount', align: 'right', render: (_: unknown, s: Settlement) => formatFen(s.totals.amountFen) },
            ]}
          />
        </Card>
        {selectedId ? <SettlementDetail key={selectedId} id={selectedId} mayAct={mayAct} onChanged={list.reload} /> : null}
        <RosterCorrections mayAct={mayAct} />
      </Space>
    </>
  );
}

function SettlementDetail({ id, mayAct, onChanged }: { id: string; mayAct: boolean; onChanged: () => Promise<void> }) {
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const detail = useLoad(() => call(api.GET('/api/v1/settlements/{id}', { params: { path: { id } } })), [id]);
  const s = detail.data;
  const computing = s ? COMPUTING.has(s.status) : false;
  const { reload } = detail;

  // a live progress bar: ask again every second while the workers compute
  useEffect(() => {
    if (!computing) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [computing, reload]);

  // the list shows the new status once the computation is over
  const status = s?.status;
  useEffect(() => {
    if (status && !COMPUTING.has(status)) void onChanged();
  }, [status, onChanged]);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await what();
      void toast.success(done);
      await reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!s) return <ErrorAlert error={detail.error} />;
  const percent = progressPercent(s);
  return (
    <Card
      className="settlement-detail"
      title={`${monthLabel(s.month)}结算`}
      extra={<StatusTag status={s.status} labels={SETTLEMENT_STATUS_LABELS} />}
    >
      {holder}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div aria-live="polite">
          <Typography.Text>
            {computing
              ? `正在计算：${s.progress.done} / ${s.progress.total || '…'}`
              : s.status === 'FAILED'
                ? '计算失败'
                : `计算完成（第 ${s.run} 次计算）`}
          </Typography.Text>
          <Progress
            className="settlement-progress"
            percent={s.status === 'FAILED' ? 0 : percent}
            status={computing ? 'active' : s.status === 'FAILED' ? 'exception' : 'success'}
            aria-label="计算进度"
          />
        </div>
        {s.status === 'FAILED' ? (
          <Alert type="error" showIcon title="计算失败" description={s.failureReason ?? '请查看队列监控中的失败原因后重新计算。'} />
        ) : null}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'children',
              label: '补贴人数',
              children: `${s.totals.paidChildren} 人（二孩 ${s.totals.secondChildCount}，三孩及以上 ${s.totals.thirdChildCount}）`,
            },
            { key: 'amount', label: '应拨合计', children: <strong>{formatFen(s.totals.amountFen)}</strong> },
            { key: 'computed', label: '计算完成', children: formatDateTime(s.computedAt) },
            { key: 'published', label: '公示时间', children: formatDateTime(s.publishedAt) },
            { key: 'approved', label: '审定时间', children: formatDateTime(s.approvedAt) },
          ]}
        />
        <ErrorAlert error={actionError} title="操作未成功" />
        {mayAct ? (
          <Space wrap>
            {s.status === 'COMPUTED' ? (
              <Button
                type="primary"
                loading={busy}
                onClick={() =>
                  ask(
                    '公示本月结算？',
                    () => void act(() => call(api.POST('/api/v1/settlements/{id}/publish', { params: { path: { id } } })), '已公示'),
                    { description: '公示后各机构名称和补贴合计在公开页面展示。', okText: '公示' },
                  )
                }
              >
                公示
              </Button>
            ) : null}
            {s.status === 'PUBLISHED' ? (
              <Button
                type="primary"
                loading={busy}
                onClick={() =>
                  ask(
                    '审定本月结算？',
                    () => void act(() => call(api.POST('/api/v1/settlements/{id}/approve', { params: { path: { id } } })), '已审定'),
                    { description: '审定后本月花名册锁定，由区财政局拨付。', okText: '审定' },
                  )
                }
              >
                审定
              </Button>
            ) : null}
            {['COMPUTED', 'PUBLISHED', 'FAILED'].includes(s.status) ? (
              <Button
                loading={busy}
                onClick={() =>
                  ask(
                    '按最新花名册重新计算？',
                    () => void act(() => call(api.POST('/api/v1/settlements', { body: { month: s.month } })), '已开始重新计算'),
                    { okText: '重新计算' },
                  )
                }
              >
                重新计算
              </Button>
            ) : null}
          </Space>
        ) : null}
        {COMPUTED.has(s.status) ? (
          <>
            <ReasonBreakdown id={s.id} run={s.run} />
            <Table<Part>
              className="settlement-institutions"
              size="small"
              rowKey="institutionId"
              dataSource={s.institutions}
              pagination={s.institutions.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              title={() => '各机构补贴'}
              columns={[
                { title: '机构', dataIndex: 'institutionName', key: 'name' },
                { title: '补贴人数', dataIndex: 'paidChildren', key: 'children' },
                { title: '二孩', dataIndex: 'secondChildCount', key: 'second' },
                { title: '三孩及以上', dataIndex: 'thirdChildCount', key: 'third' },
                { title: '本月补贴', dataIndex: 'subsidyFen', key: 'subsidy', align: 'right', render: (f: number) => formatFen(f) },
                { title: '更正调整', dataIndex: 'adjustmentFen', key: 'adjust', align: 'right', render: (f: number) => formatFen(f) },
                { title: '应拨', dataIndex: 'amountFen', key: 'amount', align: 'right', render: (f: number) => formatFen(f) },
                { title: '结转抵扣', dataIndex: 'carriedForwardFen', key: 'carry', align: 'right', render: (f: number) => formatFen(f) },
              ]}
            />
          </>
        ) : null}
      </Space>
    </Card>
  );
}

/** How many lines the month has for each reason (a child counted once per reason and month it is settled for). */
function ReasonBreakdown({ id, run }: { id: string; run: number }) {
  const reasons = Object.keys(LINE_REASON_LABELS);
  const counts = useLoad(
    () =>
      Promise.all(
        reasons.map(async (reason) => {
          const page = await call(
            api.GET('/api/v1/settlements/{id}/lines', { params: { path: { id }, query: { reason: reason as never, pageSize: 1 } } }),
          );
          return { reason, total: page.total };
        }),
      ),
    [id, run],
  );
  return (
    <>
      <ErrorAlert error={counts.error} />
      <Table
        className="reason-breakdown"
        size="small"
        rowKey="reason"
        loading={counts.loading}
        pagination={false}
        dataSource={counts.data ?? []}
        title={() => '按说明分类'}
        columns={[
          { title: '说明', dataIndex: 'reason', key: 'reason', render: (r: string) => LINE_REASON_LABELS[r] ?? r },
          { title: '明细条数', dataIndex: 'total', key: 'total' },
        ]}
      />
    </>
  );
}
