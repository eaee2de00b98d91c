import { Alert, Button, Card, Descriptions, Empty, Space, Table, Tag, message } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { FileUpload } from '../../components/file-upload';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime } from '../../lib/dates';
import { DISCREPANCY_KIND_LABELS, labelOf, PAYMENT_STATE_LABELS, SETTLEMENT_STATUS_LABELS } from '../../lib/labels';
import { formatFen } from '../../lib/money';
import { monthLabel } from '../../lib/months';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';
import { PaymentForm } from './payment-form';
import { SettlementCloseButton } from './settlement-close';
import { settlementMonthColumns } from '../../components/settlement-columns';

type Settlement = components['schemas']['SettlementView'];
type Batch = components['schemas']['PaymentBatchView'];
type Discrepancy = components['schemas']['DiscrepancyView'];
type Reconciled = components['schemas']['ReconciledInstitutionView'];

const PAYABLE = new Set(['APPROVED', 'PAID']);

/** 拨付与对账 (finance bureau): approved months, the payment file, the bank's return file, reconciliation. */
export function PaymentsPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'finance');
  const [params, setParams] = useSearchParams();
  const list = useLoad(() => call(api.GET('/api/v1/settlements', { params: { query: { pageSize: 60 } } })), []);
  const payable = (list.data?.items ?? []).filter((s) => PAYABLE.has(s.status));
  const selectedId = params.get('settlement') ?? payable.find((s) => s.status === 'APPROVED')?.id ?? payable[0]?.id ?? null;
  const selected = payable.find((s) => s.id === selectedId) ?? null;

  return (
    <>
      <PageTitle
        intro={
          mayAct
            ? '审定后的月份：下载支付清单，按银行回单导入或按表单录入支付，对账，确认已拨付并关闭本月。'
            : '只读：审定后各月的拨付和对账情况。'
        }
      >
        拨付与对账
      </PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card title="待拨付和已拨付的月份">
          <ErrorAlert error={list.error} />
          <Table<Settlement>
            className="payable-list"
            size="small"
            rowKey="id"
            loading={list.loading}
            pagination={false}
            dataSource={payable}
            locale={{ emptyText: <Empty description="没有已审定的结算" /> }}
            rowClassName={(s) => (s.id === selectedId ? 'ant-table-row-selected' : '')}
            columns={[
              ...settlementMonthColumns<Settlement>(selectedId, (id) => setParams({ settlement: id })),
              { title: '审定时间', dataIndex: 'approvedAt', key: 'approved', render: (v: string | null) => formatDateTime(v) },
              { title: '机构数', key: 'n', render: (_: unknown, s: Settlement) => s.institutions.length },
              { title: '应拨合计', key: 'amount', align: 'right', render: (_: unknown, s: Settlement) => formatFen(s.totals.amountFen) },
            ]}
          />
        </Card>
        {selected ? <PaymentWork key={selected.id} settlement={selected} mayAct={mayAct} onChanged={list.reload} /> : null}
      </Space>
    </>
  );
}

function PaymentWork({ settlement, mayAct, onChanged }: { settlement: Settlement; mayAct: boolean; onChanged: () => Promise<void> }) {
  const [toast, holder] = message.useMessage();
  const [batch, setBatch] = useState<Batch | null>(null);
  const rec = useLoad(
    () => call(api.GET('/api/v1/settlements/{id}/reconciliation', { params: { path: { id: settlement.id } } })),
    [settlement.id],
  );
  const exportUrl = (format: 'xlsx' | 'csv') => `/api/v1/settlements/${settlement.id}/export?format=${format}`;
  const reconciliationUrl = (format: 'xlsx' | 'csv') => `/api/v1/settlements/${settlement.id}/reconciliation/export?format=${format}`;
  const names = new Map((rec.data?.institutions ?? []).map((i) => [i.institutionId, i.institutionName]));
  // the reconciliation and the list are fresh before the batch is reported, so what is shown with it is up to date
  const recorded = async (answer: Batch) => {
    await rec.reload();
    await onChanged();
    setBatch(answer);
    void toast.success(`已入账 ${answer.recorded} 笔`);
  };

  return (
    <Card title={`${monthLabel(settlement.month)}拨付`} extra={<StatusTag status={settlement.status} labels={SETTLEMENT_STATUS_LABELS} />}>
      {holder}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {mayAct ? (
          <Space wrap>
            {/* a plain link: the browser downloads with the session cookie and keeps the server's file name */}
            <Button href={exportUrl('xlsx')} download data-action="download-payment-file">
              下载支付清单（XLSX）
            </Button>
            <Button href={exportUrl('csv')} download data-action="download-payment-file">
              下载支付清单（CSV，供程序导入）
            </Button>
          </Space>
        ) : null}
        {mayAct && settlement.status === 'APPROVED' ? (
          <div data-action="import-bank-file">
            <FileUpload<Batch>
              url={`/api/v1/settlements/${settlement.id}/payments/import`}
              method="POST"
              label="导入银行回单：点击或拖入 .xlsx / .csv 文件"
              hint="列：统一社会信用代码、金额(元) 或 金额(分)、凭证号、支付日期。有任何一行错误时整份文件不入账，请按下表逐行改正后重新导入。"
              onUploaded={recorded}
            />
          </div>
        ) : null}
        {mayAct && settlement.status === 'APPROVED' && rec.data ? (
          <PaymentForm settlementId={settlement.id} institutions={rec.data.institutions} onRecorded={recorded} />
        ) : null}
        {batch ? (
          <Alert
            className="payment-batch"
            type="success"
            showIcon
            title={`本次入账 ${batch.recorded} 笔，共 ${formatFen(batch.recordedFen)}${batch.alreadyRecorded ? `；${batch.alreadyRecorded} 笔此前已入账，未重复记录` : ''}`}
            description={`应拨 ${formatFen(batch.expectedFen)}，已拨 ${formatFen(batch.paidFen)}，未拨 ${formatFen(batch.outstandingFen)}。`}
          />
        ) : null}
        <ErrorAlert error={rec.error} />
        {rec.data ? (
          <>
            <Descriptions
              bordered
              size="small"
              title="对账"
              column={{ xs: 1, md: 4 }}
              items={[
                { key: 'expected', label: '应拨', children: formatFen(rec.data.expectedFen) },
                { key: 'paid', label: '已拨', children: formatFen(rec.data.paidFen) },
                { key: 'outstanding', label: '未拨', children: formatFen(rec.data.outstandingFen) },
                {
                  key: 'matched',
                  label: '结果',
                  children: rec.data.matched ? (
                    <Tag variant="solid" color="#237804">
                      全部相符
                    </Tag>
                  ) : (
                    <Tag variant="solid" color="#a8071a">
                      有差异
                    </Tag>
                  ),
                },
                { key: 'paidAt', label: '拨付完毕时间', children: formatDateTime(rec.data.paidAt) },
              ]}
            />
            {rec.data.discrepancies.length ? (
              <Table<Discrepancy>
                className="discrepancies"
                size="small"
                rowKey="institutionId"
                pagination={false}
                dataSource={rec.data.discrepancies}
                title={() => `差异（${rec.data?.discrepancies.length} 家机构）`}
                columns={[
                  { title: '机构', dataIndex: 'institutionName', key: 'name' },
                  { title: '统一社会信用代码', dataIndex: 'creditCode', key: 'code' },
                  { title: '差异', dataIndex: 'kind', key: 'kind', render: (k: string) => labelOf(DISCREPANCY_KIND_LABELS, k) },
                  { title: '应拨', dataIndex: 'expectedFen', key: 'expected', align: 'right', render: (f: number) => formatFen(f) },
                  { title: '已拨', dataIndex: 'paidFen', key: 'paid', align: 'right', render: (f: number) => formatFen(f) },
                  { title: '差额', dataIndex: 'differenceFen', key: 'diff', align: 'right', render: (f: number) => formatFen(f) },
                ]}
              />
            ) : null}
            <Table<Reconciled>
              className="reconciled-institutions"
              size="small"
              rowKey="institutionId"
              pagination={rec.data.institutions.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              dataSource={rec.data.institutions}
              title={() => '各机构拨付'}
              columns={[
                {
                  title: '机构',
                  key: 'name',
                  render: (_: unknown, r: Reconciled) => (
                    <span>
                      {r.institutionName}
                      {r.payeeChanged ? (
                        <Tag variant="solid" color="#ad4e00" style={{ marginLeft: 8 }}>
                          审定后收款账户有变更，拨付前请与机构核实
                        </Tag>
                      ) : null}
                    </span>
                  ),
                },
                { title: '状态', dataIndex: 'state', key: 'state', render: (s: string) => labelOf(PAYMENT_STATE_LABELS, s) },
                { title: '应拨', dataIndex: 'expectedFen', key: 'expected', align: 'right', render: (f: number) => formatFen(f) },
                { title: '已拨', dataIndex: 'paidFen', key: 'paid', align: 'right', render: (f: number) => formatFen(f) },
                {
                  title: '凭证',
                  key: 'vouchers',
                  render: (_: unknown, r: Reconciled) =>
                    r.payments.length
                      ? r.payments.map((p) => `${p.voucherNo}（${formatDate(p.paidOn)}，${formatFen(p.amountFen)}）`).join('；')
                      : '—',
                },
              ]}
            />
            <Space wrap>
              {/* reading, not acting: the reconciliation as a file, for finance and auditors alike */}
              <Button href={reconciliationUrl('xlsx')} download>
                下载对账表（XLSX）
              </Button>
              <Button href={reconciliationUrl('csv')} download>
                下载对账表（CSV）
              </Button>
            </Space>
            {settlement.status === 'PAID' ? (
              <Alert type="success" showIcon title={`本月已拨付并关闭（${formatDateTime(rec.data.paidAt)}）`} />
            ) : null}
            {mayAct && settlement.status === 'APPROVED' ? (
              <SettlementCloseButton
                settlementId={settlement.id}
                matched={rec.data.matched}
                names={names}
                onClosed={async () => {
                  await rec.reload();
                  await onChanged();
                }}
              />
            ) : null}
          </>
        ) : null}
      </Space>
    </Card>
  );
}
