import { Button, Card, DatePicker, Descriptions, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { csvText, downloadText } from '../../lib/csv';
import { dayjs, TIME_ZONE } from '../../lib/dates';
import { FUNDING_SOURCE_LABELS, labelOf, SETTLEMENT_STATUS_LABELS } from '../../lib/labels';
import { fenToYuanText, formatFen } from '../../lib/money';
import { monthLabel } from '../../lib/months';

type Month = components['schemas']['SubsidyMonthView'];
type Source = components['schemas']['GrantSourceSummaryView'];
type Summary = components['schemas']['FinanceSummaryView'];
type Budget = components['schemas']['BudgetView'];

const fen = (f: number) => formatFen(f);

/** The year's summary as CSV (the figures the page shows; amounts in yuan with two decimals). */
export function summaryCsv(summary: Summary, budgets: Budget[]): string {
  const rows: (string | number)[][] = summary.subsidies.months.map((m) => [
    '保育费补贴',
    m.month,
    m.status ? labelOf(SETTLEMENT_STATUS_LABELS, m.status) : '未审定',
    fenToYuanText(m.expectedFen),
    fenToYuanText(m.paidFen),
    fenToYuanText(m.outstandingFen),
  ]);
  rows.push([
    '保育费补贴',
    '全年合计',
    '',
    fenToYuanText(summary.subsidies.expectedFen),
    fenToYuanText(summary.subsidies.paidFen),
    fenToYuanText(summary.subsidies.outstandingFen),
  ]);
  for (const s of summary.grants.sources) {
    const budget = budgets.find((b) => b.source === s.source);
    rows.push([
      `建设补助与奖励（${labelOf(FUNDING_SOURCE_LABELS, s.source)}）`,
      String(summary.year),
      budget ? `预算 ${fenToYuanText(budget.amountFen)}` : '未设预算',
      fenToYuanText(s.approvedFen),
      fenToYuanText(s.disbursedFen),
      fenToYuanText(s.outstandingFen),
    ]);
  }
  return csvText(['项目', '月份', '状态', '应拨(元)', '已拨(元)', '未拨(元)'], rows);
}

/** 年度汇总 (finance, auditor): the year's subsidies month by month, and grants by funding source (市级 / 区级). */
export function YearSummaryPage() {
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().tz(TIME_ZONE).year();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2999 ? asked : thisYear;
  const summary = useLoad(() => call(api.GET('/api/v1/finance/summary', { params: { query: { year } } })), [year]);
  const budgets = useLoad(() => call(api.GET('/api/v1/budgets', { params: { query: { year, pageSize: 10 } } })), [year]);
  const data = summary.data;

  return (
    <>
      <PageTitle intro="全年各月保育费补贴的应拨、已拨、未拨，以及建设补助与奖励按资金来源（市级、区级）的拨付情况。">年度汇总</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <Space wrap align="end">
            <div>
              <label htmlFor="summary-year" style={{ display: 'block', marginBottom: 4 }}>
                年度
              </label>
              <DatePicker
                id="summary-year"
                picker="year"
                allowClear={false}
                format="YYYY"
                value={dayjs(`${year}-01-01`)}
                onChange={(d: Dayjs | null) => {
                  if (d) setParams({ year: String(d.year()) });
                }}
              />
            </div>
            <Button
              disabled={!data}
              onClick={() => data && downloadText(`托育补贴年度汇总-${year}.csv`, summaryCsv(data, budgets.data?.items ?? []))}
            >
              导出年度汇总（CSV）
            </Button>
          </Space>
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={summary.error ?? budgets.error} />
          </div>
        </Card>
        <Card title={`${year}年保育费补贴`}>
          {data ? (
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'e', label: '全年应拨', children: fen(data.subsidies.expectedFen) },
                { key: 'p', label: '全年已拨', children: fen(data.subsidies.paidFen) },
                { key: 'o', label: '全年未拨', children: fen(data.subsidies.outstandingFen) },
              ]}
            />
          ) : null}
          <Table<Month>
            className="summary-months"
            style={{ marginTop: 12 }}
            size="small"
            rowKey="month"
            loading={summary.loading}
            pagination={false}
            dataSource={data?.subsidies.months ?? []}
            columns={[
              {
                title: '月份',
                dataIndex: 'month',
                key: 'month',
                render: (m: string, r: Month) =>
                  r.settlementId ? <Link to={`/payments?settlement=${r.settlementId}`}>{monthLabel(m)}</Link> : monthLabel(m),
              },
              {
                title: '状态',
                dataIndex: 'status',
                key: 'status',
                render: (s: string | null) =>
                  s ? (
                    <StatusTag status={s} labels={SETTLEMENT_STATUS_LABELS} />
                  ) : (
                    <Typography.Text type="secondary">未审定</Typography.Text>
                  ),
              },
              { title: '应拨', dataIndex: 'expectedFen', key: 'e', align: 'right', render: fen },
              { title: '已拨', dataIndex: 'paidFen', key: 'p', align: 'right', render: fen },
              { title: '未拨', dataIndex: 'outstandingFen', key: 'o', align: 'right', render: fen },
            ]}
          />
        </Card>
        <Card title={`${year}年建设补助与奖励（按资金来源）`}>
          <Table<Source>
            className="summary-sources"
            size="small"
            rowKey="source"
            loading={summary.loading}
            pagination={false}
            dataSource={data?.grants.sources ?? []}
            columns={[
              { title: '资金来源', dataIndex: 'source', key: 'source', render: (s: string) => labelOf(FUNDING_SOURCE_LABELS, s) },
              {
                title: '年度预算',
                key: 'budget',
                align: 'right',
                render: (_: unknown, s: Source) => {
                  const b = (budgets.data?.items ?? []).find((x) => x.source === s.source);
                  return b ? `${fen(b.amountFen)}（已占用 ${fen(b.committedFen)}，余 ${fen(b.remainingFen)}）` : '未设预算';
                },
              },
              { title: '已审批', dataIndex: 'approvedFen', key: 'a', align: 'right', render: fen },
              { title: '已拨付', dataIndex: 'disbursedFen', key: 'd', align: 'right', render: fen },
              { title: '未拨付', dataIndex: 'outstandingFen', key: 'o', align: 'right', render: fen },
            ]}
            summary={() =>
              data ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} />
                  <Table.Summary.Cell index={2} align="right">
                    {fen(data.grants.approvedFen)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {fen(data.grants.disbursedFen)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {fen(data.grants.outstandingFen)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            逐笔登记补助拨付：
            <Link to={`/grant-disbursements?year=${year}`} style={{ textDecoration: 'underline' }}>
              补助拨付
            </Link>
            。
          </Typography.Paragraph>
        </Card>
      </Space>
    </>
  );
}
