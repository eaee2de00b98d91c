import { Card, Grid, List, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { useLoad } from '../../components/use-load';
import { formatFen } from '../../lib/money';
import { monthLabel } from '../../lib/months';
import { noticeStage } from '../../lib/notices';

type Summary = components['schemas']['PublicSettlementSummaryView'];
const PAGE_SIZE = 20;

/** 公示: the published monthly settlements, newest first, each linking to its notice. No sign-in. */
export function NoticesPage() {
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const list = useLoad(() => call(api.GET('/api/v1/public/settlements', { params: { query: { page, pageSize: PAGE_SIZE } } })), [page]);
  const items = list.data?.items ?? [];
  const pagination = {
    current: page,
    pageSize: PAGE_SIZE,
    total: list.data?.total ?? 0,
    onChange: setPage,
    showSizeChanger: false,
    showTotal: (total: number) => `共 ${total} 期`,
  };
  const title = (s: Summary) => <Link to={`/notices/${s.id}`}>{monthLabel(s.month)}托育服务补贴公示</Link>;
  const period = (s: Summary) => (s.noticeStartsOn ? `${s.noticeStartsOn} 至 ${s.noticeEndsOn}` : '—');
  return (
    <>
      <PageTitle intro="区卫生健康局按月公示各托育机构的托育服务补贴（二孩每人每月 300 元、三孩每人每月 400 元），公示期内可提出异议。公示只列机构名称和人数、金额，不含任何儿童信息。">
        托育服务补贴公示
      </PageTitle>
      <Card>
        <ErrorAlert error={list.error} />
        {screens.md ? (
          <Table<Summary>
            rowKey="id"
            loading={list.loading}
            dataSource={items}
            pagination={pagination}
            locale={{ emptyText: '暂无公示' }}
            columns={[
              { title: '公示', key: 'title', render: (_: unknown, s: Summary) => title(s) },
              { title: '公示期', key: 'period', width: 230, render: (_: unknown, s: Summary) => period(s) },
              { title: '状态', key: 'stage', width: 120, render: (_: unknown, s: Summary) => noticeStage(s.status) },
              {
                title: '机构数',
                key: 'institutions',
                width: 90,
                align: 'right',
                render: (_: unknown, s: Summary) => s.totals.institutions,
              },
              { title: '补贴人数', key: 'children', width: 100, align: 'right', render: (_: unknown, s: Summary) => s.totals.paidChildren },
              {
                title: '补贴金额',
                key: 'amount',
                width: 150,
                align: 'right',
                render: (_: unknown, s: Summary) => formatFen(s.totals.amountFen),
              },
            ]}
          />
        ) : (
          <List<Summary>
            loading={list.loading}
            dataSource={items}
            pagination={{ ...pagination, simple: true }}
            locale={{ emptyText: '暂无公示' }}
            renderItem={(s) => (
              <List.Item key={s.id}>
                <div>
                  <div style={{ fontWeight: 600 }}>{title(s)}</div>
                  <div>
                    公示期：{period(s)}（{noticeStage(s.status)}）
                  </div>
                  <div>
                    {s.totals.institutions} 家机构，{s.totals.paidChildren} 人次，{formatFen(s.totals.amountFen)}
                  </div>
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
