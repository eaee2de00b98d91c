import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { useConfirm } from '../../components/use-confirm';
import { MonthPicker } from '../../components/month-picker';
import { PageTitle } from '../../components/page-title';
import { ReasonAction } from '../../components/reason-action';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { csvText, downloadText } from '../../lib/csv';
import { formatDateTime } from '../../lib/dates';
import { INSTITUTION_KIND_LABELS, labelOf, REPORTING_STATUS_LABELS, ROSTER_STATUS_LABELS } from '../../lib/labels';
import { addMonths, monthLabel, shanghaiMonth } from '../../lib/months';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';
import { FilingReview } from './filing-review';

type RosterItem = components['schemas']['RosterListItem'];
type Institution = components['schemas']['InstitutionView'];
type ReportingItem = components['schemas']['ReportingItemView'];

/** 待办审核 (health bureau): rosters and filings awaiting review, and who has not reported a month yet. */
export function ReviewPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'admin');
  return (
    <>
      <PageTitle
        intro={mayAct ? '全区待审核的花名册和机构备案，以及各月花名册报送情况。' : '只读：全区待审核的花名册、机构备案和报送情况。'}
      >
        待办审核
      </PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <RosterQueue mayAct={mayAct} />
        <FilingQueue mayAct={mayAct} />
        <ReportingStatus />
      </Space>
    </>
  );
}

function RosterQueue({ mayAct }: { mayAct: boolean }) {
  const [selected, setSelected] = useState<string | null>(null);
  const list = useLoad(() => call(api.GET('/api/v1/rosters', { params: { query: { status: 'SUBMITTED', pageSize: 200 } } })), []);
  const items = list.data?.items ?? [];
  return (
    <Card title={`待审核的花名册（${list.data?.total ?? '…'}）`}>
      <ErrorAlert error={list.error} />
      <Table<RosterItem>
        className="roster-queue"
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description="没有待审核的花名册" /> }}
        rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '机构', dataIndex: 'institutionName', key: 'name' },
          { title: '月份', dataIndex: 'month', key: 'month', render: (m: string) => monthLabel(m) },
          { title: '版本', dataIndex: 'version', key: 'version', render: (v: number) => (v > 1 ? `第 ${v} 版（更正）` : '第 1 版') },
          { title: '人数', dataIndex: 'entryCount', key: 'count' },
          { title: '提交时间', dataIndex: 'submittedAt', key: 'at', render: (v: string | null) => formatDateTime(v) },
          {
            title: '操作',
            key: 'open',
            render: (_: unknown, r: RosterItem) => (
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={() => setSelected(r.id)}
                aria-label={`查看 ${r.institutionName} ${r.month} 的花名册`}
              >
                查看
              </Button>
            ),
          },
        ]}
      />
      {selected ? (
        <RosterReview
          key={selected}
          id={selected}
          mayAct={mayAct}
          onDone={async () => {
            setSelected(null);
            await list.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

function RosterReview({ id, mayAct, onDone }: { id: string; mayAct: boolean; onDone: () => Promise<void> }) {
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const roster = useLoad(() => call(api.GET('/api/v1/rosters/{id}', { params: { path: { id } } })), [id]);
  const r = roster.data;

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await what();
      void toast.success(done);
      await onDone();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card type="inner" title="花名册摘要" style={{ marginTop: 16 }} className="roster-review">
      {holder}
      <ErrorAlert error={roster.error} />
      {!r && !roster.error ? <Spin /> : null}
      {r ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'month', label: '月份', children: monthLabel(r.month) },
              { key: 'status', label: '状态', children: <StatusTag status={r.status} labels={ROSTER_STATUS_LABELS} /> },
              { key: 'count', label: '人数', children: r.summary.entryCount },
              {
                key: 'orders',
                label: '按孩次',
                children: `一孩 ${r.summary.byBirthOrder.first}，二孩 ${r.summary.byBirthOrder.second}，三孩及以上 ${r.summary.byBirthOrder.thirdOrLater}`,
              },
              { key: 'over', label: '已满3周岁', children: warn(r.summary.overThree) },
              { key: 'elsewhere', label: '同月在其他机构在册', children: warn(r.summary.alsoListedElsewhere ?? 0) },
              { key: 'conflicts', label: '孩次与已确认不一致', children: warn(r.summary.birthOrderConflicts ?? 0) },
              {
                key: 'changes',
                label: '较上月',
                children: r.summary.changesSinceLastMonth
                  ? `新入托 ${r.summary.changesSinceLastMonth.joined}，离托 ${r.summary.changesSinceLastMonth.left}`
                  : '上月无花名册',
              },
            ]}
          />
          {(r.summary.birthOrderConflicts ?? 0) > 0 ? (
            <Alert type="warning" showIcon title="有孩次冲突：请先在儿童查询中核实孩次，或退回机构更正；存在冲突时不能审核通过。" />
          ) : null}
          <ErrorAlert error={actionError} />
          {mayAct && r.status === 'SUBMITTED' ? (
            <Space wrap size="large">
              <Button
                type="primary"
                loading={busy}
                onClick={() =>
                  ask(
                    '审核通过这份花名册？',
                    () => void act(() => call(api.POST('/api/v1/rosters/{id}/approve', { params: { path: { id } } })), '花名册已审核通过'),
                    { okText: '通过' },
                  )
                }
              >
                审核通过
              </Button>
              <ReasonAction
                id={`return-roster-${id}`}
                label="退回原因"
                button="退回花名册"
                busy={busy}
                onSubmit={(reason) =>
                  act(() => call(api.POST('/api/v1/rosters/{id}/return', { params: { path: { id } }, body: { reason } })), '花名册已退回')
                }
              />
            </Space>
          ) : null}
        </Space>
      ) : null}
    </Card>
  );
}

function warn(n: number) {
  return n > 0 ? (
    <Tag variant="solid" color="#874d00">
      {n} 人，请核实
    </Tag>
  ) : (
    '无'
  );
}

function FilingQueue({ mayAct }: { mayAct: boolean }) {
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const list = useLoad(() => call(api.GET('/api/v1/institutions', { params: { query: { status: 'SUBMITTED', pageSize: 200 } } })), []);

  const act = async (id: string, what: () => Promise<unknown>, done: string) => {
    setBusy(id);
    setActionError(null);
    try {
      await what();
      void toast.success(done);
      await list.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={`待审核的机构备案（${list.data?.total ?? '…'}）`}>
      {holder}
      <ErrorAlert error={list.error ?? actionError} />
      <Table<Institution>
        className="filing-queue"
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="没有待审核的备案" /> }}
        expandable={
          mayAct
            ? {
                expandedRowRender: (i: Institution) => (
                  <FilingReview
                    institutionId={i.id}
                    busy={busy === i.id}
                    onReturn={(reason, documents) =>
                      act(
                        i.id,
                        () =>
                          call(
                            api.POST('/api/v1/institutions/{id}/return', { params: { path: { id: i.id } }, body: { reason, documents } }),
                          ),
                        '备案已退回',
                      )
                    }
                  />
                ),
              }
            : undefined
        }
        columns={[
          { title: '机构名称', dataIndex: 'name', key: 'name' },
          { title: '统一社会信用代码', dataIndex: 'creditCode', key: 'code' },
          { title: '类型', dataIndex: 'kind', key: 'kind', render: (k: string) => labelOf(INSTITUTION_KIND_LABELS, k) },
          { title: '核定托位', dataIndex: 'approvedSlots', key: 'slots' },
          ...(mayAct
            ? [
                {
                  title: '操作',
                  key: 'act',
                  render: (_: unknown, i: Institution) => (
                    <Button
                      type="link"
                      style={{ padding: 0 }}
                      loading={busy === i.id}
                      onClick={() =>
                        ask(
                          `${i.name}备案通过？`,
                          () =>
                            void act(
                              i.id,
                              () => call(api.POST('/api/v1/institutions/{id}/approve', { params: { path: { id: i.id } }, body: {} })),
                              '备案已通过',
                            ),
                          { okText: '通过' },
                        )
                      }
                    >
                      备案通过
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {mayAct ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          退回备案：展开机构所在行，填写原因。
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

const REPORTING_PAGE = 50;

function ReportingStatus() {
  const [month, setMonth] = useState(() => addMonths(shanghaiMonth(), -1));
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<unknown>(null);
  const status = useLoad(
    () => call(api.GET('/api/v1/reporting-status', { params: { query: { month, page, pageSize: REPORTING_PAGE } } })),
    [month, page],
  );

  const exportMissing = async () => {
    setExportError(null);
    try {
      const all: ReportingItem[] = [];
      for (let p = 1; ; p += 1) {
        const chunk = await call(
          api.GET('/api/v1/reporting-status', { params: { query: { month, rosterStatus: 'MISSING', page: p, pageSize: 200 } } }),
        );
        all.push(...chunk.items);
        if (all.length >= chunk.total || chunk.items.length === 0) break;
      }
      downloadText(
        `未报送花名册机构-${month}.csv`,
        csvText(
          ['月份', '机构名称', '乡镇（街道）代码', '报送情况'],
          all.map((i) => [month, i.name, i.township, labelOf(REPORTING_STATUS_LABELS, i.rosterStatus)]),
        ),
      );
    } catch (e) {
      setExportError(e);
    }
  };

  const counts = status.data?.counts;
  return (
    <Card title="花名册报送情况">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <label htmlFor="reporting-month">月份</label>
          <MonthPicker
            id="reporting-month"
            label="报送月份"
            value={month}
            bounds={{ min: '2020-01', max: shanghaiMonth() }}
            onChange={(m) => {
              setMonth(m);
              setPage(1);
            }}
          />
          {counts && counts.MISSING > 0 ? <Button onClick={exportMissing}>导出未报送名单（CSV，催报用）</Button> : null}
        </Space>
        {counts ? (
          <Space wrap aria-label="报送统计">
            {(['MISSING', 'DRAFT', 'RETURNED', 'SUBMITTED', 'APPROVED', 'LOCKED'] as const).map((s) => (
              <span key={s}>
                <StatusTag status={s} labels={REPORTING_STATUS_LABELS} /> {counts[s]} 家
              </span>
            ))}
          </Space>
        ) : null}
        <ErrorAlert error={status.error ?? exportError} />
        <Table<ReportingItem>
          className="reporting-status"
          size="small"
          rowKey="institutionId"
          loading={status.loading}
          dataSource={status.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: REPORTING_PAGE,
            total: status.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 家`,
            onChange: setPage,
          }}
          columns={[
            { title: '机构名称', dataIndex: 'name', key: 'name' },
            { title: '乡镇（街道）', dataIndex: 'township', key: 'township', render: (t: string | null) => t ?? '—' },
            {
              title: '报送情况',
              dataIndex: 'rosterStatus',
              key: 'status',
              render: (s: string) => <StatusTag status={s} labels={REPORTING_STATUS_LABELS} />,
            },
          ]}
        />
      </Space>
    </Card>
  );
}
