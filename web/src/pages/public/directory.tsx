import { Card, Descriptions, Grid, List, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { Page, PublicInstitution, Township } from '../../api/local-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { TAG_COLORS } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { INSTITUTION_KIND_LABELS, labelOf } from '../../lib/labels';
import { formatFenOrDash } from '../../lib/money';

const PAGE_SIZE = 20;

/** 托育机构名录: filed institutions for parents, with filters; a table on a desk, cards on a phone. No sign-in. */
export function DirectoryPage() {
  const screens = Grid.useBreakpoint();
  const [township, setTownship] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [inclusive, setInclusive] = useState<'true' | 'false' | undefined>();
  const [page, setPage] = useState(1);

  const townships = useLoad(() => call<{ items: Township[] }>(api.GET('/api/v1/public/townships')), []);
  const list = useLoad(
    () =>
      call<Page<PublicInstitution>>(
        api.GET('/api/v1/public/institutions', {
          params: { query: { township, kind: kind as never, inclusive, page, pageSize: PAGE_SIZE } },
        }),
      ),
    [township, kind, inclusive, page],
  );
  const townshipName = (code: string | null) => townships.data?.items.find((t) => t.code === code)?.name ?? code ?? '—';
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  const items = list.data?.items ?? [];
  const pagination = {
    current: page,
    pageSize: PAGE_SIZE,
    total: list.data?.total ?? 0,
    onChange: setPage,
    showSizeChanger: false,
    showTotal: (total: number) => `共 ${total} 家`,
  };

  return (
    <>
      <PageTitle intro="已在区卫生健康局完成备案的托育服务机构。普惠托育机构按政府指导价收费。">托育机构名录</PageTitle>
      <Card>
        <Space wrap size="middle" style={{ marginBottom: 16 }}>
          <span>
            <label htmlFor="filter-township">乡镇（街道）</label>{' '}
            <Select
              id="filter-township"
              allowClear
              placeholder="全部"
              style={{ width: 180 }}
              value={township}
              onChange={filter(setTownship)}
              options={(townships.data?.items ?? []).map((t) => ({ value: t.code, label: t.name }))}
            />
          </span>
          <span>
            <label htmlFor="filter-kind">机构类型</label>{' '}
            <Select
              id="filter-kind"
              allowClear
              placeholder="全部"
              style={{ width: 180 }}
              value={kind}
              onChange={filter(setKind)}
              options={Object.entries(INSTITUTION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </span>
          <span>
            <label htmlFor="filter-inclusive">普惠托育</label>{' '}
            <Select
              id="filter-inclusive"
              allowClear
              placeholder="全部"
              style={{ width: 140 }}
              value={inclusive}
              onChange={filter(setInclusive)}
              options={[
                { value: 'true', label: '普惠' },
                { value: 'false', label: '非普惠' },
              ]}
            />
          </span>
        </Space>
        <ErrorAlert error={list.error ?? townships.error} />
        {screens.md ? (
          <Table<PublicInstitution>
            rowKey={(r) => r.filingNumber ?? r.name}
            loading={list.loading}
            dataSource={items}
            pagination={pagination}
            locale={{ emptyText: '没有符合条件的机构' }}
            columns={[
              { title: '机构名称', dataIndex: 'name', key: 'name' },
              { title: '类型', dataIndex: 'kind', key: 'kind', width: 140, render: (k: string) => labelOf(INSTITUTION_KIND_LABELS, k) },
              { title: '乡镇（街道）', dataIndex: 'township', key: 'township', width: 130, render: townshipName },
              { title: '地址', dataIndex: 'address', key: 'address', render: (a: string | null) => a ?? '—' },
              { title: '核定托位', dataIndex: 'approvedSlots', key: 'slots', width: 90, align: 'right' },
              {
                title: '普惠指导价',
                key: 'price',
                width: 140,
                render: (_: unknown, r: PublicInstitution) => (r.inclusive ? `${formatFenOrDash(r.guidancePriceFen)}/月` : '非普惠'),
              },
              { title: '备案编号', dataIndex: 'filingNumber', key: 'number', width: 190 },
            ]}
          />
        ) : (
          <List<PublicInstitution>
            loading={list.loading}
            dataSource={items}
            pagination={{ ...pagination, simple: true }}
            locale={{ emptyText: '没有符合条件的机构' }}
            renderItem={(r) => (
              <List.Item key={r.filingNumber ?? r.name}>
                <div style={{ width: '100%' }}>
                  <div style={{ fontWeight: 600, marginBottom: 4 }}>
                    {r.name} {r.inclusive ? <Tag color={TAG_COLORS.green}>普惠</Tag> : null}
                  </div>
                  <Descriptions
                    size="small"
                    column={1}
                    items={[
                      { key: 'kind', label: '类型', children: labelOf(INSTITUTION_KIND_LABELS, r.kind) },
                      { key: 'town', label: '乡镇（街道）', children: townshipName(r.township) },
                      { key: 'address', label: '地址', children: r.address ?? '—' },
                      { key: 'slots', label: '核定托位', children: r.approvedSlots },
                      { key: 'price', label: '普惠指导价', children: r.inclusive ? `${formatFenOrDash(r.guidancePriceFen)}/月` : '非普惠' },
                      { key: 'number', label: '备案编号', children: r.filingNumber ?? '—' },
                    ]}
                  />
                </div>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
