import { Alert, Button, Card, Descriptions, Empty, Select, Space, Spin, Table } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { InstitutionPayment, Page, Settlement, SettlementLine } from '../../api/local-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { formatDate } from '../../lib/dates';
import { birthOrderLabel, LINE_REASON_LABELS, labelOf, PAYMENT_STATE_LABELS, SETTLEMENT_STATUS_LABELS } from '../../lib/labels';
import { linesCsv } from '../../lib/lines-csv';
import { formatFen } from '../../lib/money';
import { monthLabel } from '../../lib/months';
import { useInstitutionId } from './use-institution-id';

const LINES_PAGE = 50;

/** 补贴结算: per month, the institution's part (totals, adjustments, carry-forward), payment and vouchers, its lines. */
export function SettlementsPage() {
  const id = useInstitutionId();
  const [params, setParams] = useSearchParams();
  const { data, error } = useLoad(async () => {
    const [settlements, payments] = await Promise.all([
      call<Page<Settlement>>(api.GET('/api/v1/settlements', { params: { query: { pageSize: 60 } } })),
      call<Page<InstitutionPayment>>(api.GET('/api/v1/institutions/{id}/payments', { params: { path: { id }, query: { pageSize: 60 } } })),
    ]);
    return { settlements: settlements.items, payments: payments.items };
  }, [id]);

  const selectedId = params.get('settlement') ?? data?.settlements[0]?.id ?? null;
  const selected = data?.settlements.find((s) => s.id === selectedId) ?? null;

  return (
    <>
      <PageTitle intro="每月保育费补贴的计算结果、调整、拨付情况和逐名儿童的明细（身份证号已脱敏）。">补贴结算</PageTitle>
      <ErrorAlert error={error} />
      {!data && !error ? <Spin /> : null}
      {data && data.settlements.length === 0 ? <Empty description="尚无结算" /> : null}
      {data && data.settlements.length > 0 ? (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Card title="各月结算">
            <Table<Settlement>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.settlements}
              rowClassName={(s) => (s.id === selectedId ? 'ant-table-row-selected' : '')}
              onRow={(s) => ({ onClick: () => setParams({ settlement: s.id }) })}
              columns={[
                {
                  title: '月份',
                  dataIndex: 'month',
                  key: 'month',
                  render: (m: string, s: Settlement) => (
                    <Button
                      type="link"
                      style={{ padding: 0 }}
                      onClick={() => setParams({ settlement: s.id })}
                      aria-current={s.id === selectedId}
                    >
                      {monthLabel(m)}
                    </Button>
                  ),
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  key: 'status',
                  render: (st: string) => <StatusTag status={st} labels={SETTLEMENT_STATUS_LABELS} />,
                },
                { title: '补贴人数', key: 'children', render: (_: unknown, s: Settlement) => s.totals.paidChildren },
                { title: '应拨金额', key: 'amount', align: 'right', render: (_: unknown, s: Settlement) => formatFen(s.totals.amountFen) },
                {
                  title: '拨付情况',
                  key: 'payment',
                  render: (_: unknown, s: Settlement) => {
                    const p = data.payments.find((x) => x.settlementId === s.id);
                    return p ? labelOf(PAYMENT_STATE_LABELS, p.state) : '审定后拨付';
                  },
                },
              ]}
            />
          </Card>
          {selected ? (
            <SettlementDetail
              key={selected.id}
              settlement={selected}
              institutionId={id}
              payment={data.payments.find((p) => p.settlementId === selected.id)}
            />
          ) : null}
        </Space>
      ) : null}
    </>
  );
}

function SettlementDetail({
  settlement,
  institutionId,
  payment,
}: {
  settlement: Settlement;
  institutionId: string;
  payment?: InstitutionPayment;
}) {
  const [reason, setReason] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const part = settlement.institutions.find((p) => p.institutionId === institutionId);
  const computed = ['COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID'].includes(settlement.status);

  const lines = useLoad(
    () =>
      computed
        ? call<Page<SettlementLine>>(
            api.GET('/api/v1/settlements/{id}/lines', {
              params: { path: { id: settlement.id }, query: { institutionId, reason: reason as never, page, pageSize: LINES_PAGE } },
            }),
          )
        : Promise.resolve({ items: [], total: 0, page: 1, pageSize: LINES_PAGE }),
    [settlement.id, institutionId, reason, page, computed],
  );

  const download = async () => {
    setDownloadError(null);
    try {
      const all: SettlementLine[] = [];
      for (let p = 1; ; p += 1) {
        const chunk = await call<Page<SettlementLine>>(
          api.GET('/api/v1/settlements/{id}/lines', {
            params: { path: { id: settlement.id }, query: { institutionId, page: p, pageSize: 200 } },
          }),
        );
        all.push(...chunk.items);
        if (all.length >= chunk.total || chunk.items.length === 0) break;
      }
      const url = URL.createObjectURL(new Blob([linesCsv(all)], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `补贴明细-${settlement.month}.csv`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setDownloadError(e);
    }
  };

  return (
    <Card title={`${monthLabel(settlement.month)}结算`} extra={<StatusTag status={settlement.status} labels={SETTLEMENT_STATUS_LABELS} />}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {!computed ? <Alert type="info" showIcon title="正在计算" description="计算完成后显示本机构的补贴明细。" /> : null}
        {settlement.status === 'COMPUTED' ? (
          <Alert type="info" showIcon title="已计算，待公示" description="公示期满并经审定后拨付。" />
        ) : null}
        {settlement.status === 'PUBLISHED' ? (
          <Alert type="info" showIcon title="公示中" description="公示期间如有异议，请向区卫生健康局反映。" />
        ) : null}
        {computed && !part ? <Alert type="info" showIcon title="本月本机构没有补贴" /> : null}
        {part ? (
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              {
                key: 'children',
                label: '补贴人数',
                children: `${part.paidChildren} 人（二孩 ${part.secondChildCount}，三孩及以上 ${part.thirdChildCount}）`,
              },
              { key: 'subsidy', label: '本月补贴', children: formatFen(part.subsidyFen) },
              { key: 'adjust', label: '以前月份更正调整', children: formatFen(part.adjustmentFen) },
              { key: 'carryIn', label: '抵扣以前多发', children: formatFen(-part.carriedInFen) },
              { key: 'amount', label: '本月应拨', children: <strong>{formatFen(part.amountFen)}</strong> },
              { key: 'carryOut', label: '结转以后月份抵扣', children: formatFen(part.carriedForwardFen) },
            ]}
          />
        ) : null}
        {payment ? (
          <Descriptions
            size="small"
            title="拨付情况"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'state', label: '状态', children: labelOf(PAYMENT_STATE_LABELS, payment.state) },
              { key: 'expected', label: '应拨', children: formatFen(payment.expectedFen) },
              { key: 'paid', label: '已拨', children: formatFen(payment.paidFen) },
              {
                key: 'vouchers',
                label: '拨付凭证',
                span: 3,
                children: payment.payments.length
                  ? payment.payments.map((v) => `${v.voucherNo}（${formatDate(v.paidOn)}，${formatFen(v.amountFen)}）`).join('；')
                  : '尚未拨付',
              },
            ]}
          />
        ) : computed ? (
          <Alert type="info" showIcon title="尚未审定" description="结算经区卫生健康局审定后由区财政局拨付。" />
        ) : null}
        {computed ? (
          <>
            <Space wrap>
              <label htmlFor="line-reason">按说明筛选</label>
              <Select
                id="line-reason"
                style={{ width: 220 }}
                allowClear
                placeholder="全部"
                value={reason}
                onChange={(v?: string) => {
                  setReason(v);
                  setPage(1);
                }}
                options={Object.entries(LINE_REASON_LABELS).map(([value, label]) => ({ value, label }))}
              />
              <Button onClick={download}>下载本机构明细（CSV）</Button>
            </Space>
            <ErrorAlert error={downloadError ?? lines.error} />
            <Table<SettlementLine>
              className="settlement-lines"
              size="small"
              rowKey="id"
              loading={lines.loading}
              dataSource={lines.data?.items ?? []}
              pagination={{
                current: page,
                pageSize: LINES_PAGE,
                total: lines.data?.total ?? 0,
                showSizeChanger: false,
                showTotal: (total) => `共 ${total} 条`,
                onChange: setPage,
              }}
              columns={[
                { title: '身份证号', dataIndex: 'idNumber', key: 'id' },
                { title: '所属月份', dataIndex: 'forMonth', key: 'month', render: (m: string) => monthLabel(m) },
                { title: '孩次', dataIndex: 'birthOrder', key: 'order', render: (o: number) => birthOrderLabel(o) },
                { title: '金额', dataIndex: 'amountFen', key: 'amount', align: 'right', render: (f: number) => formatFen(f) },
                { title: '说明', dataIndex: 'reason', key: 'reason', render: (r: string) => labelOf(LINE_REASON_LABELS, r) },
              ]}
            />
          </>
        ) : null}
      </Space>
    </Card>
  );
}
