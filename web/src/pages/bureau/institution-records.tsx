import { Button, Card, DatePicker, Input, InputNumber, Select, Space, Table, Typography, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { grantColumns } from '../../components/grant-columns';
import { StatusTag } from '../../components/status-tag';
import { useConfirm } from '../../components/use-confirm';
import { useLoad } from '../../components/use-load';
import { dayjs, formatDate, formatDateTime } from '../../lib/dates';
import {
  INSPECTION_KIND_LABELS,
  INSPECTION_RESULT_LABELS,
  labelOf,
  PAYMENT_STATE_LABELS,
  ROSTER_STATUS_LABELS,
  SETTLEMENT_STATUS_LABELS,
} from '../../lib/labels';
import { formatFen } from '../../lib/money';
import { monthLabel } from '../../lib/months';

type Inspection = components['schemas']['InspectionView'];
type CreditRating = components['schemas']['CreditRatingView'];
type RosterItem = components['schemas']['RosterListItem'];
type PaymentStatus = components['schemas']['InstitutionPaymentStatusView'];
type Grant = components['schemas']['GrantView'];
type InspectionKind = components['schemas']['InspectionKind'];
type InspectionResult = components['schemas']['InspectionResult'];
type Rating = CreditRating['rating'];

const RATINGS: Rating[] = ['A', 'B', 'C', 'D'];
const RATING_HINTS: Record<Rating, string> = { A: 'A 级', B: 'B 级', C: 'C 级', D: 'D 级' };

/** A day picker (YYYY-MM-DD, Asia/Shanghai) that cannot pick a day after today. */
function DayPicker({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (day: string) => void }) {
  return (
    <DatePicker
      id={id}
      aria-label={label}
      allowClear={false}
      format="YYYY-MM-DD"
      value={value ? dayjs(value) : null}
      disabledDate={(d: Dayjs) => d.isAfter(dayjs(), 'day')}
      onChange={(d: Dayjs | null) => {
        if (d) onChange(d.format('YYYY-MM-DD'));
      }}
    />
  );
}

const today = () => dayjs().format('YYYY-MM-DD');

/** 监督检查与信用评级: the records, newest first; admins record a new one. */
export function Supervision({
  institutionId,
  mayAct,
  onChanged,
}: {
  institutionId: string;
  mayAct: boolean;
  onChanged: () => Promise<void>;
}) {
  const [toast, holder] = message.useMessage();
  const data = useLoad(async () => {
    const [inspections, ratings] = await Promise.all([
      call(api.GET('/api/v1/institutions/{id}/inspections', { params: { path: { id: institutionId }, query: { pageSize: 100 } } })),
      call(api.GET('/api/v1/institutions/{id}/credit-ratings', { params: { path: { id: institutionId }, query: { pageSize: 100 } } })),
    ]);
    return { inspections: inspections.items, ratings: ratings.items };
  }, [institutionId]);

  const saved = async (text: string) => {
    void toast.success(text);
    await data.reload();
    await onChanged();
  };

  return (
    <Card title="监督检查与信用评级" className="supervision">
      {holder}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <ErrorAlert error={data.error} />
        <Table<Inspection>
          className="inspection-list"
          size="small"
          rowKey="id"
          loading={data.loading}
          pagination={false}
          dataSource={data.data?.inspections ?? []}
          title={() => '检查记录'}
          locale={{ emptyText: '尚无检查记录' }}
          columns={[
            { title: '检查日期', dataIndex: 'inspectedOn', key: 'on', width: 120, render: (v: string) => formatDate(v) },
            { title: '类别', dataIndex: 'kind', key: 'kind', width: 140, render: (v: string) => labelOf(INSPECTION_KIND_LABELS, v) },
            { title: '结果', dataIndex: 'result', key: 'result', width: 110, render: (v: string) => labelOf(INSPECTION_RESULT_LABELS, v) },
            { title: '发现的问题', dataIndex: 'findings', key: 'findings', render: (v: string | null) => v ?? '—' },
          ]}
        />
        {mayAct ? <NewInspection institutionId={institutionId} onSaved={() => saved('检查记录已保存')} /> : null}
        <Table<CreditRating>
          className="credit-rating-list"
          size="small"
          rowKey="id"
          loading={data.loading}
          pagination={false}
          dataSource={data.data?.ratings ?? []}
          title={() => '信用评级（最近评定日期的一次为机构当前等级）'}
          locale={{ emptyText: '尚无信用评级' }}
          columns={[
            { title: '评定日期', dataIndex: 'ratedOn', key: 'on', width: 120, render: (v: string) => formatDate(v) },
            { title: '等级', dataIndex: 'rating', key: 'rating', width: 140, render: (v: Rating) => RATING_HINTS[v] ?? v },
            { title: '说明', dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '—' },
            { title: '录入时间', dataIndex: 'createdAt', key: 'at', width: 170, render: (v: string) => formatDateTime(v) },
          ]}
        />
        {mayAct ? <NewRating institutionId={institutionId} onSaved={() => saved('信用评级已保存')} /> : null}
      </Space>
    </Card>
  );
}

function NewInspection({ institutionId, onSaved }: { institutionId: string; onSaved: () => Promise<void> }) {
  const [kind, setKind] = useState<InspectionKind | undefined>();
  const [result, setResult] = useState<InspectionResult | undefined>();
  const [on, setOn] = useState(today);
  const [findings, setFindings] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsFindings = result !== undefined && result !== 'PASSED';
  const ready = kind !== undefined && result !== undefined && on !== '' && (!needsFindings || findings.trim() !== '');
  const save = async () => {
    if (!kind || !result) return;
    setBusy(true);
    setError(null);
    try {
      await call(
        api.POST('/api/v1/institutions/{id}/inspections', {
          params: { path: { id: institutionId } },
          body: { kind, result, inspectedOn: on, ...(findings.trim() ? { findings: findings.trim() } : {}) },
        }),
      );
      setKind(undefined);
      setResult(undefined);
      setFindings('');
      await onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="new-inspection">
      <Typography.Text strong>记录一次检查</Typography.Text>
      <Space wrap style={{ marginTop: 8, width: '100%' }} align="start">
        <label htmlFor="inspection-kind">检查类别</label>
        <Select
          id="inspection-kind"
          style={{ width: 150 }}
          value={kind}
          onChange={(v: InspectionKind) => setKind(v)}
          options={Object.entries(INSPECTION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <label htmlFor="inspection-on">检查日期</label>
        <DayPicker id="inspection-on" label="检查日期" value={on} onChange={setOn} />
        <label htmlFor="inspection-result">检查结果</label>
        <Select
          id="inspection-result"
          style={{ width: 130 }}
          value={result}
          onChange={(v: InspectionResult) => setResult(v)}
          options={Object.entries(INSPECTION_RESULT_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <label htmlFor="inspection-findings">发现的问题{needsFindings ? '（必填）' : '（可不填）'}</label>
        <Input.TextArea
          id="inspection-findings"
          style={{ width: 320 }}
          rows={2}
          maxLength={2000}
          value={findings}
          onChange={(e) => setFindings(e.target.value)}
        />
        <Button type="primary" loading={busy} disabled={!ready} onClick={() => void save()}>
          保存检查记录
        </Button>
      </Space>
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={error} title={error ? '检查记录未保存' : undefined} />
      </div>
    </div>
  );
}

function NewRating({ institutionId, onSaved }: { institutionId: string; onSaved: () => Promise<void> }) {
  const [rating, setRating] = useState<Rating | undefined>();
  const [on, setOn] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!rating) return;
    setBusy(true);
    setError(null);
    try {
      await call(
        api.POST('/api/v1/institutions/{id}/credit-ratings', {
          params: { path: { id: institutionId } },
          body: { rating, ratedOn: on, ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
      setRating(undefined);
      setNote('');
      await onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="new-rating">
      <Typography.Text strong>记录信用评级</Typography.Text>
      <Space wrap style={{ marginTop: 8 }}>
        <label htmlFor="rating-value">信用等级</label>
        <Select
          id="rating-value"
          style={{ width: 150 }}
          value={rating}
          onChange={(v: Rating) => setRating(v)}
          options={RATINGS.map((value) => ({ value, label: RATING_HINTS[value] }))}
        />
        <label htmlFor="rating-on">评定日期</label>
        <DayPicker id="rating-on" label="评定日期" value={on} onChange={setOn} />
        <label htmlFor="rating-note">说明（可不填）</label>
        <Input id="rating-note" style={{ width: 280 }} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        <Button type="primary" loading={busy} disabled={!rating} onClick={() => void save()}>
          保存信用评级
        </Button>
      </Space>
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={error} title={error ? '信用评级未保存' : undefined} />
      </div>
    </div>
  );
}

/** 核定托位: an admin changes the institution's approved slots (kept in the audit log). */
export function ApprovedSlots({ institutionId, slots, onSaved }: { institutionId: string; slots: number; onSaved: () => Promise<void> }) {
  const [value, setValue] = useState<number | null>(slots);
  const [error, setError] = useState<unknown>(null);
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const save = async (approvedSlots: number) => {
    setError(null);
    try {
      await call(api.PATCH('/api/v1/institutions/{id}', { params: { path: { id: institutionId } }, body: { approvedSlots } }));
      void toast.success('核定托位已修改');
      await onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      {holder}
      <Space wrap>
        <Typography.Text strong>核定托位</Typography.Text>
        <label htmlFor="approved-slots">核定托位数</label>
        <InputNumber id="approved-slots" min={0} max={100000} precision={0} value={value} onChange={(v) => setValue(v)} />
        <Button
          disabled={value === null || value === slots}
          onClick={() =>
            value !== null &&
            ask(`将核定托位由 ${slots} 个改为 ${value} 个？`, () => void save(value), {
              description: '花名册在托儿童超过核定托位时不能报送；托位统计随之变化。',
              okText: '修改',
            })
          }
        >
          修改核定托位
        </Button>
      </Space>
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={error} title={error ? '核定托位未修改' : undefined} />
      </div>
    </div>
  );
}

/** The institution's monthly rosters (every version), newest month first. */
export function InstitutionRosters({ institutionId }: { institutionId: string }) {
  const [page, setPage] = useState(1);
  const list = useLoad(
    () => call(api.GET('/api/v1/institutions/{id}/rosters', { params: { path: { id: institutionId }, query: { page, pageSize: 12 } } })),
    [institutionId, page],
  );
  return (
    <Card title="月度花名册" className="institution-rosters" extra={<Link to="/settlement-runs">更正已审核的名册：结算管理</Link>}>
      <ErrorAlert error={list.error} />
      <Table<RosterItem>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '尚未报送花名册' }}
        pagination={{ current: page, pageSize: 12, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: '月份', dataIndex: 'month', key: 'month', render: (m: string) => monthLabel(m) },
          { title: '版本', dataIndex: 'version', key: 'version', render: (v: number) => `第 ${v} 版` },
          {
            title: '状态',
            dataIndex: 'status',
            key: 'status',
            render: (s: string) => <StatusTag status={s} labels={ROSTER_STATUS_LABELS} />,
          },
          { title: '儿童数', dataIndex: 'entryCount', key: 'count', align: 'right' },
          { title: '提交时间', dataIndex: 'submittedAt', key: 'submitted', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
          { title: '退回原因', dataIndex: 'returnReason', key: 'reason', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}

/** The institution's part of each month's settlement: expected, paid, difference, vouchers. */
export function InstitutionSettlements({ institutionId }: { institutionId: string }) {
  const [page, setPage] = useState(1);
  const list = useLoad(
    () => call(api.GET('/api/v1/institutions/{id}/payments', { params: { path: { id: institutionId }, query: { page, pageSize: 12 } } })),
    [institutionId, page],
  );
  return (
    <Card title="补贴结算与拨付" className="institution-settlements">
      <ErrorAlert error={list.error} />
      <Table<PaymentStatus>
        size="small"
        rowKey="settlementId"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '尚无结算' }}
        pagination={{ current: page, pageSize: 12, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          {
            title: '月份',
            dataIndex: 'month',
            key: 'month',
            render: (m: string, s: PaymentStatus) => <Link to={`/settlement-runs?settlement=${s.settlementId}`}>{monthLabel(m)}</Link>,
          },
          {
            title: '结算状态',
            dataIndex: 'settlementStatus',
            key: 'status',
            render: (s: string) => <StatusTag status={s} labels={SETTLEMENT_STATUS_LABELS} />,
          },
          { title: '应拨', dataIndex: 'expectedFen', key: 'expected', align: 'right', render: (v: number) => formatFen(v) },
          { title: '已拨', dataIndex: 'paidFen', key: 'paid', align: 'right', render: (v: number) => formatFen(v) },
          { title: '差额', dataIndex: 'differenceFen', key: 'diff', align: 'right', render: (v: number) => formatFen(v) },
          { title: '拨付情况', dataIndex: 'state', key: 'state', render: (v: string) => labelOf(PAYMENT_STATE_LABELS, v) },
          {
            title: '凭证',
            key: 'vouchers',
            render: (_: unknown, s: PaymentStatus) =>
              s.payments.length ? s.payments.map((p) => `${p.voucherNo}（${formatDate(p.paidOn)}）`).join('；') : '—',
          },
        ]}
      />
    </Card>
  );
}

/** Construction grants and awards of the institution. */
export function InstitutionGrants({ institutionId }: { institutionId: string }) {
  const list = useLoad(() => call(api.GET('/api/v1/grants', { params: { query: { institutionId, pageSize: 100 } } })), [institutionId]);
  return (
    <Card title="建设补助与奖励" className="institution-grants" extra={<Link to="/grants">全部补助与预算</Link>}>
      <ErrorAlert error={list.error} />
      <Table<Grant>
        size="small"
        rowKey="id"
        loading={list.loading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '尚无补助或奖励' }}
        columns={[...grantColumns('金额与拨付')]}
      />
    </Card>
  );
}
