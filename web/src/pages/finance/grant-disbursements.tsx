import { Alert, Button, Card, DatePicker, Input, InputNumber, Space, Table, Typography, message } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { useConfirm } from '../../components/use-confirm';
import { useLoad } from '../../components/use-load';
import { dayjs, formatDate, TIME_ZONE } from '../../lib/dates';
import { FUNDING_SOURCE_LABELS, GRANT_KIND_LABELS, GRANT_STATUS_LABELS, labelOf } from '../../lib/labels';
import { formatFen, parseYuanToFen } from '../../lib/money';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';

type Grant = components['schemas']['GrantView'];
type Component = components['schemas']['GrantComponentView'];

interface Row extends Component {
  key: string;
  grant: Grant;
}

const today = () => dayjs().tz(TIME_ZONE).startOf('day');

/**
 * 补助拨付 (finance; auditors read): approved construction grants and awards, one line per funding source (市级 /
 * 区级) with what is approved, paid and still to pay; finance records each disbursement (amount in yuan typed, sent as
 * whole fen, voucher number, paid date). A grant becomes 已拨付 once every source is paid in full.
 */
export function GrantDisbursementsPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'finance');
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : null;
  const grants = useLoad(
    () => call(api.GET('/api/v1/grants', { params: { query: { pageSize: 200, ...(year ? { year } : {}) } } })),
    [year],
  );
  const institutions = useLoad(() => call(api.GET('/api/v1/institutions', { params: { query: { pageSize: 200 } } })), []);
  const names = new Map((institutions.data?.items ?? []).map((i) => [i.id, i.name]));
  const [selected, setSelected] = useState<string | null>(null);

  const rows: Row[] = (grants.data?.items ?? [])
    .filter((g) => g.status === 'APPROVED' || g.status === 'DISBURSED')
    .flatMap((g) => g.components.map((c) => ({ ...c, key: `${g.id}:${c.source}`, grant: g })));
  const chosen = rows.find((r) => r.key === selected) ?? null;

  return (
    <>
      <PageTitle
        intro={
          mayAct
            ? '已审批的建设补助与示范奖励，按资金来源（市级、区级）逐笔登记拨付；各来源都拨足后，该笔补助变为“已拨付”。'
            : '只读：已审批的建设补助与示范奖励按资金来源的拨付情况。'
        }
      >
        补助拨付
      </PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Space wrap align="end">
            <div>
              <label htmlFor="disbursement-year" style={{ display: 'block', marginBottom: 4 }}>
                年度
              </label>
              <InputNumber
                id="disbursement-year"
                min={2000}
                max={2100}
                precision={0}
                controls={false}
                placeholder="全部"
                value={year}
                onChange={(v) => setParams(v ? { year: String(v) } : {})}
              />
            </div>
          </Space>
        </Card>
        <Card title="已审批的补助（按资金来源）">
          <ErrorAlert error={grants.error ?? institutions.error} />
          <Table<Row>
            className="grant-components"
            size="small"
            rowKey="key"
            loading={grants.loading}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            dataSource={rows}
            locale={{ emptyText: '没有已审批的补助' }}
            columns={[
              { title: '机构', key: 'inst', render: (_: unknown, r: Row) => names.get(r.grant.institutionId) ?? r.grant.institutionId },
              { title: '类别', key: 'kind', render: (_: unknown, r: Row) => labelOf(GRANT_KIND_LABELS, r.grant.kind) },
              { title: '年度', key: 'year', render: (_: unknown, r: Row) => r.grant.year },
              { title: '资金来源', dataIndex: 'source', key: 'source', render: (s: string) => labelOf(FUNDING_SOURCE_LABELS, s) },
              { title: '核定金额', dataIndex: 'amountFen', key: 'amount', align: 'right', render: (f: number) => formatFen(f) },
              { title: '已拨', dataIndex: 'paidFen', key: 'paid', align: 'right', render: (f: number) => formatFen(f) },
              { title: '未拨', dataIndex: 'outstandingFen', key: 'out', align: 'right', render: (f: number) => formatFen(f) },
              {
                title: '拨付记录',
                key: 'vouchers',
                render: (_: unknown, r: Row) =>
                  r.disbursements.length
                    ? r.disbursements.map((d) => `${d.voucherNo}（${formatDate(d.paidOn)}，${formatFen(d.amountFen)}）`).join('；')
                    : '—',
              },
              {
                title: '补助状态',
                key: 'status',
                render: (_: unknown, r: Row) => <StatusTag status={r.grant.status} labels={GRANT_STATUS_LABELS} />,
              },
              ...(mayAct
                ? [
                    {
                      title: '办理',
                      key: 'act',
                      render: (_: unknown, r: Row) =>
                        r.grant.status === 'APPROVED' && r.outstandingFen > 0 ? (
                          <Button size="small" data-action="disburse" onClick={() => setSelected(r.key)}>
                            登记拨付
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
        {mayAct && chosen ? (
          <DisbursementForm
            key={chosen.key}
            row={chosen}
            institutionName={names.get(chosen.grant.institutionId) ?? ''}
            onDone={async () => {
              setSelected(null);
              await grants.reload();
            }}
            onCancel={() => setSelected(null)}
          />
        ) : null}
      </Space>
    </>
  );
}

function DisbursementForm({
  row,
  institutionName,
  onDone,
  onCancel,
}: {
  row: Row;
  institutionName: string;
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const ask = useConfirm();
  const [toast, holder] = message.useMessage();
  const [amount, setAmount] = useState('');
  const [voucherNo, setVoucherNo] = useState('');
  const [paidOn, setPaidOn] = useState<Dayjs | null>(today());
  const [error, setError] = useState<unknown>(null);
  const fen = parseYuanToFen(amount);
  const problems = [
    amount.trim() === '' ? '请填写金额' : fen === null ? '金额请写成元，最多两位小数' : fen <= 0 ? '金额须大于 0' : null,
    fen !== null && fen > row.outstandingFen ? `超过未拨金额 ${formatFen(row.outstandingFen)}` : null,
    voucherNo.trim() === '' ? '请填写凭证号' : null,
    paidOn ? null : '请选择支付日期',
  ].filter((p): p is string => p !== null);
  const [checked, setChecked] = useState(false);

  const send = async () => {
    setError(null);
    try {
      await call(
        api.POST('/api/v1/grants/{id}/disbursements', {
          params: { path: { id: row.grant.id } },
          body: { source: row.source, amountFen: fen ?? 0, voucherNo: voucherNo.trim(), paidOn: paidOn?.format('YYYY-MM-DD') ?? '' },
        }),
      );
      void toast.success('已登记拨付');
      await onDone();
    } catch (e) {
      setError(e);
    }
  };

  const source = labelOf(FUNDING_SOURCE_LABELS, row.source);
  return (
    <Card title={`登记拨付：${institutionName} · ${labelOf(GRANT_KIND_LABELS, row.grant.kind)} · ${source}`} className="disbursement-form">
      {holder}
      <Typography.Paragraph>
        核定 {formatFen(row.amountFen)}，已拨 {formatFen(row.paidFen)}，未拨 {formatFen(row.outstandingFen)}。
      </Typography.Paragraph>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setChecked(true);
          if (problems.length) return;
          ask(`确认登记${source}拨付 ${formatFen(fen ?? 0)}？`, () => void send(), { okText: '确认登记' });
        }}
      >
        <Space wrap align="end">
          <div>
            <Typography.Text style={{ display: 'block' }}>资金来源</Typography.Text>
            <Typography.Text strong>{source}</Typography.Text>
          </div>
          <div>
            <label htmlFor="disbursement-amount" style={{ display: 'block' }}>
              拨付金额（元）
            </label>
            <Input
              id="disbursement-amount"
              style={{ width: 160 }}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="disbursement-voucher" style={{ display: 'block' }}>
              凭证号
            </label>
            <Input
              id="disbursement-voucher"
              style={{ width: 180 }}
              maxLength={64}
              value={voucherNo}
              onChange={(e) => setVoucherNo(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor="disbursement-date" style={{ display: 'block' }}>
              支付日期
            </label>
            <DatePicker
              id="disbursement-date"
              format="YYYY-MM-DD"
              value={paidOn}
              disabledDate={(d: Dayjs) => d.isAfter(today(), 'day')}
              onChange={(d: Dayjs | null) => setPaidOn(d)}
            />
          </div>
          <Button type="primary" htmlType="submit" data-action="record-disbursement">
            登记
          </Button>
          <Button onClick={onCancel}>取消</Button>
        </Space>
        {checked && problems.length ? <Alert style={{ marginTop: 12 }} type="warning" showIcon title={problems.join('；')} /> : null}
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={error} title={error ? '未能登记拨付' : undefined} />
        </div>
      </form>
    </Card>
  );
}
