import { Alert, Button, Card, Descriptions, Table } from 'antd';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { useLoad } from '../../components/use-load';
import { formatFen } from '../../lib/money';
import { monthLabel } from '../../lib/months';
import { noticeStage } from '../../lib/notices';

type Row = components['schemas']['PublicNoticeInstitutionView'];

/**
 * One month's public notice (公示): each institution's name, children paid for and amount, the notice period and
 * where objections go. Printable on A4 (the page's print styles hide the navigation and repeat the table header).
 */
export function NoticePage() {
  const { id = '' } = useParams();
  const notice = useLoad(() => call(api.GET('/api/v1/public/settlements/{id}', { params: { path: { id } } })), [id]);
  const n = notice.data;
  return (
    <div className="notice">
      <ErrorAlert error={notice.error} />
      {n ? (
        <>
          <PageTitle>{monthLabel(n.month)}托育服务补贴公示</PageTitle>
          <Card className="notice-card">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'period', label: '公示期', children: n.noticeStartsOn ? `${n.noticeStartsOn} 至 ${n.noticeEndsOn}` : '—' },
                { key: 'stage', label: '状态', children: noticeStage(n.status) },
                {
                  key: 'totals',
                  label: '合计',
                  children: `${n.totals.institutions} 家机构，${n.totals.paidChildren} 人次，${formatFen(n.totals.amountFen)}`,
                },
              ]}
            />
            <Alert
              style={{ margin: '12px 0' }}
              type="info"
              showIcon
              title="对公示内容有异议的，请在公示期内向以下单位反映"
              description={n.objectionsTo}
            />
            <Table<Row>
              rowKey="institutionId"
              size="small"
              pagination={false}
              dataSource={n.institutions}
              locale={{ emptyText: '本月没有机构获得补贴' }}
              columns={[
                { title: '序号', key: 'no', width: 60, render: (_: unknown, __: Row, i: number) => i + 1 },
                { title: '机构名称', dataIndex: 'name', key: 'name' },
                { title: '补贴人数', dataIndex: 'paidChildren', key: 'paid', width: 90, align: 'right' },
                { title: '二孩', dataIndex: 'secondChildCount', key: 'second', width: 70, align: 'right' },
                { title: '三孩及以上', dataIndex: 'thirdChildCount', key: 'third', width: 100, align: 'right' },
                {
                  title: '更正调整',
                  dataIndex: 'adjustmentFen',
                  key: 'adjustment',
                  width: 120,
                  align: 'right',
                  render: (f: number) => formatFen(f),
                },
                {
                  title: '补贴金额',
                  dataIndex: 'amountFen',
                  key: 'amount',
                  width: 130,
                  align: 'right',
                  render: (f: number) => formatFen(f),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    合计
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {n.totals.paidChildren}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {n.totals.secondChildCount}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {n.totals.thirdChildCount}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} />
                  <Table.Summary.Cell index={6} align="right">
                    {formatFen(n.totals.amountFen)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            <p className="notice-footnote">
              补贴标准：二孩每人每月 300 元，三孩及以上每人每月 400 元；“更正调整”为以前月份更正后补发（正数）或扣回（负数）的金额。
            </p>
            <div className="no-print" style={{ marginTop: 12 }}>
              <Button onClick={() => window.print()}>打印公示</Button>
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
