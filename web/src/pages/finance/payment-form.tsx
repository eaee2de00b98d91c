import { Alert, Button, Card, DatePicker, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { useConfirm } from '../../components/use-confirm';
import { dayjs, TIME_ZONE } from '../../lib/dates';
import { formatFen, parseYuanToFen } from '../../lib/money';

type Batch = components['schemas']['PaymentBatchView'];
type Reconciled = components['schemas']['ReconciledInstitutionView'];

interface Row {
  key: number;
  institutionId?: string;
  amount: string;
  voucherNo: string;
  paidOn: Dayjs | null;
}

const today = () => dayjs().tz(TIME_ZONE).startOf('day');
const emptyRow = (key: number): Row => ({ key, amount: '', voucherNo: '', paidOn: today() });

/** What is wrong with a row before it is sent (the server checks again and answers every problem by row and field). */
function rowProblems(row: Row): string[] {
  const problems: string[] = [];
  if (!row.institutionId) problems.push('请选择机构');
  const fen = parseYuanToFen(row.amount);
  if (row.amount.trim() === '') problems.push('请填写金额');
  else if (fen === null) problems.push('金额请写成元，最多两位小数，例如 1200 或 1,200.50');
  else if (fen <= 0) problems.push('金额须大于 0');
  if (row.voucherNo.trim() === '') problems.push('请填写凭证号');
  if (!row.paidOn) problems.push('请选择支付日期');
  return problems;
}

/**
 * 录入支付 by hand (`POST /api/v1/settlements/:id/payments`): one line per payment — institution, amount in yuan as
 * typed (turned into whole fen on the digits, never through floating point), bank voucher number, paid date. All or
 * nothing: a 422 lists every problem by line and field, and nothing is recorded.
 */
export function PaymentForm({
  settlementId,
  institutions,
  onRecorded,
}: {
  settlementId: string;
  institutions: Reconciled[];
  onRecorded: (batch: Batch) => Promise<void>;
}) {
  const ask = useConfirm();
  const [rows, setRows] = useState<Row[]>([emptyRow(1)]);
  const [next, setNext] = useState(2);
  const [error, setError] = useState<unknown>(null);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);

  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const local = rows.map(rowProblems);
  const ok = local.every((p) => p.length === 0);
  const totalFen = rows.reduce((sum, r) => sum + (parseYuanToFen(r.amount) ?? 0), 0);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const batch = await call(
        api.POST('/api/v1/settlements/{id}/payments', {
          params: { path: { id: settlementId } },
          body: {
            payments: rows.map((r) => ({
              institutionId: r.institutionId ?? '',
              amountFen: parseYuanToFen(r.amount) ?? 0,
              voucherNo: r.voucherNo.trim(),
              paidOn: r.paidOn ? r.paidOn.format('YYYY-MM-DD') : '',
            })),
          },
        }),
      );
      setRows([emptyRow(next)]);
      setNext(next + 1);
      setChecked(false);
      await onRecorded(batch);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const options = institutions
    .filter((i) => i.payee !== null)
    .map((i) => ({
      value: i.institutionId,
      label: `${i.institutionName}（应拨 ${formatFen(i.expectedFen)}，已拨 ${formatFen(i.paidFen)}）`,
    }));

  return (
    <Card type="inner" title="按表单录入支付" className="payment-form">
      <Typography.Paragraph>
        已通过银行拨付、但没有回单文件时，在这里逐笔录入。金额按“元”填写（如 1200 或
        1,200.50）。提交时全部校验，有任何一笔错误则都不入账，请按下表改正后再提交。
      </Typography.Paragraph>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setChecked(true);
          if (!ok) return;
          ask(`确认入账 ${rows.length} 笔，共 ${formatFen(totalFen)}？`, () => void send(), { okText: '确认入账' });
        }}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          {rows.map((row, i) => {
            const n = i + 1;
            const id = (what: string) => `payment-${row.key}-${what}`;
            return (
              <div key={row.key} className="payment-row" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
                <Space wrap align="end">
                  <Typography.Text strong>第 {n} 笔</Typography.Text>
                  <div>
                    <label htmlFor={id('institution')} style={{ display: 'block' }}>
                      第 {n} 笔：机构
                    </label>
                    <Select
                      id={id('institution')}
                      style={{ width: 380 }}
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder="选择收款机构"
                      value={row.institutionId}
                      onChange={(v: string) => update(row.key, { institutionId: v })}
                      options={options}
                    />
                  </div>
                  <div>
                    <label htmlFor={id('amount')} style={{ display: 'block' }}>
                      第 {n} 笔：金额（元）
                    </label>
                    <Input
                      id={id('amount')}
                      style={{ width: 140 }}
                      inputMode="decimal"
                      value={row.amount}
                      onChange={(e) => update(row.key, { amount: e.target.value })}
                    />
                  </div>
                  <div>
                    <label htmlFor={id('voucher')} style={{ display: 'block' }}>
                      第 {n} 笔：凭证号
                    </label>
                    <Input
                      id={id('voucher')}
                      style={{ width: 180 }}
                      maxLength={64}
                      value={row.voucherNo}
                      onChange={(e) => update(row.key, { voucherNo: e.target.value })}
                    />
                  </div>
                  <div>
                    <label htmlFor={id('date')} style={{ display: 'block' }}>
                      第 {n} 笔：支付日期
                    </label>
                    <DatePicker
                      id={id('date')}
                      format="YYYY-MM-DD"
                      value={row.paidOn}
                      disabledDate={(d: Dayjs) => d.isAfter(today(), 'day')}
                      onChange={(d: Dayjs | null) => update(row.key, { paidOn: d })}
                    />
                  </div>
                  {rows.length > 1 ? (
                    <Button data-action="remove-payment-row" onClick={() => setRows(rows.filter((r) => r.key !== row.key))}>
                      删除第 {n} 笔
                    </Button>
                  ) : null}
                </Space>
                {checked && local[i].length ? (
                  <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} role="alert">
                    第 {n} 笔：{local[i].join('；')}
                  </Typography.Text>
                ) : null}
              </div>
            );
          })}
          <Space wrap>
            <Button
              data-action="add-payment-row"
              onClick={() => {
                setRows([...rows, emptyRow(next)]);
                setNext(next + 1);
              }}
            >
              再加一笔
            </Button>
            <Button type="primary" htmlType="submit" loading={busy} data-action="record-payments">
              入账（共 {rows.length} 笔，{formatFen(totalFen)}）
            </Button>
          </Space>
          {checked && !ok ? <Alert type="warning" showIcon title="请先补全或改正上面标出的内容" /> : null}
          <ErrorAlert error={error} title={error ? '未能入账，没有保存任何一笔' : undefined} />
        </Space>
      </form>
    </Card>
  );
}
