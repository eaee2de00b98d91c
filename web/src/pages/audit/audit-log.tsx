import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { useLoad } from '../../components/use-load';
import { dayjs, formatDateTime, TIME_ZONE } from '../../lib/dates';
import { AUDIT_ACTION_LABELS, ENTITY_TYPE_LABELS, labelOf, ROLE_LABELS } from '../../lib/labels';

type Entry = components['schemas']['AuditLogView'];
type Verify = components['schemas']['AuditVerifyView'];

interface Filters {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

const PAGE_SIZE = 50;

/** A day in Asia/Shanghai as the API's timestamps: its start, or the start of the next day (exclusive end). */
function dayStart(date: Dayjs | null, next = false): string | undefined {
  if (!date) return undefined;
  const start = dayjs.tz(date.format('YYYY-MM-DD'), TIME_ZONE);
  return (next ? start.add(1, 'day') : start).toISOString();
}

function clean(f: Filters): Filters {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as Filters;
}

/** 审计日志 (auditor, admin): every state change with who, what, which record, when, before/after; the chain check. */
export function AuditLogPage() {
  const [draft, setDraft] = useState<{
    entityType: string;
    entityId: string;
    actorId: string;
    action?: string;
    from: Dayjs | null;
    to: Dayjs | null;
  }>({ entityType: '', entityId: '', actorId: '', from: null, to: null });
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const log = useLoad(
    () => call(api.GET('/api/v1/audit-logs', { params: { query: { ...filters, page, pageSize: PAGE_SIZE } } })),
    [filters, page],
  );

  const search = () => {
    setFilters(
      clean({
        entityType: draft.entityType.trim(),
        entityId: draft.entityId.trim(),
        actorId: draft.actorId.trim(),
        action: draft.action,
        from: dayStart(draft.from),
        to: dayStart(draft.to, true),
      }),
    );
    setPage(1);
  };

  /** The server's export of the filtered log (audited as EXPORT_GENERATED): a plain link keeps the server's file name. */
  const exportUrl = (format: 'xlsx' | 'csv') => {
    const q = new URLSearchParams({ format, ...(filters as Record<string, string>) });
    return `/api/v1/audit-logs/export?${q.toString()}`;
  };

  /** Shows every entry of one person or of one record (from a row of the list): the other conditions are cleared. */
  const narrow = (only: Filters) => {
    const next = clean(only);
    setDraft({ entityType: next.entityType ?? '', entityId: next.entityId ?? '', actorId: next.actorId ?? '', from: null, to: null });
    setFilters(next);
    setPage(1);
  };
  const active = Object.keys(filters).length > 0;

  return (
    <>
      <PageTitle intro="每一次状态变更的记录：谁、做了什么、哪条记录、何时，以及变更前后（个人信息已脱敏）。">审计日志</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <ChainCheck />
        <Card title="查询">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              search();
            }}
          >
            <Space wrap align="end">
              <Field id="audit-action" label="操作">
                <Select
                  id="audit-action"
                  style={{ width: 200 }}
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="全部"
                  value={draft.action}
                  onChange={(v?: string) => setDraft({ ...draft, action: v })}
                  options={Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))}
                />
              </Field>
              <Field id="audit-entity-type" label="对象类型">
                <Select
                  id="audit-entity-type"
                  style={{ width: 160 }}
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="全部"
                  value={draft.entityType || undefined}
                  onChange={(v?: string) => setDraft({ ...draft, entityType: v ?? '' })}
                  options={Object.entries(ENTITY_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
                />
              </Field>
              <Field id="audit-entity-id" label="对象编号">
                <Input
                  id="audit-entity-id"
                  style={{ width: 300 }}
                  value={draft.entityId}
                  onChange={(e) => setDraft({ ...draft, entityId: e.target.value })}
                />
              </Field>
              <Field id="audit-actor" label="操作人（用户编号）">
                <Input
                  id="audit-actor"
                  style={{ width: 300 }}
                  value={draft.actorId}
                  onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}
                />
              </Field>
              <Field id="audit-from" label="起始日期">
                <DatePicker
                  id="audit-from"
                  format="YYYY-MM-DD"
                  value={draft.from}
                  onChange={(d: Dayjs | null) => setDraft({ ...draft, from: d })}
                />
              </Field>
              <Field id="audit-to" label="截止日期（含）">
                <DatePicker
                  id="audit-to"
                  format="YYYY-MM-DD"
                  value={draft.to}
                  onChange={(d: Dayjs | null) => setDraft({ ...draft, to: d })}
                />
              </Field>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  setDraft({ entityType: '', entityId: '', actorId: '', from: null, to: null });
                  setFilters({});
                  setPage(1);
                }}
              >
                清除条件
              </Button>
            </Space>
          </form>
          <Space wrap style={{ marginTop: 12 }}>
            <Typography.Text>{active ? '导出当前查询条件下的记录：' : '导出全部记录：'}</Typography.Text>
            <Button href={exportUrl('xlsx')} download className="audit-export">
              导出查询结果（XLSX）
            </Button>
            <Button href={exportUrl('csv')} download className="audit-export">
              导出查询结果（CSV）
            </Button>
          </Space>
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={log.error} />
          </div>
          <Table<Entry>
            className="audit-log"
            size="small"
            rowKey="id"
            loading={log.loading}
            dataSource={log.data?.items ?? []}
            expandable={{
              expandedRowRender: (e: Entry) => <BeforeAfter entry={e} />,
              rowExpandable: (e: Entry) => Boolean(e.before || e.after),
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: log.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => `共 ${total} 条`,
              onChange: setPage,
            }}
            columns={[
              { title: '编号', dataIndex: 'id', key: 'id', width: 80 },
              { title: '时间', dataIndex: 'at', key: 'at', render: (v: string) => formatDateTime(v), width: 150 },
              {
                title: '操作人',
                key: 'actor',
                render: (_: unknown, e: Entry) => (
                  <span>
                    {e.role ? labelOf(ROLE_LABELS, e.role) : '系统'}
                    {e.actorId ? (
                      <>
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          {e.actorId}
                        </Typography.Text>
                        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => narrow({ actorId: e.actorId ?? undefined })}>
                          只看此人
                        </Button>
                      </>
                    ) : null}
                  </span>
                ),
              },
              { title: '操作', dataIndex: 'action', key: 'action', render: (a: string) => labelOf(AUDIT_ACTION_LABELS, a) },
              {
                title: '对象',
                key: 'entity',
                render: (_: unknown, e: Entry) => (
                  <span>
                    {labelOf(ENTITY_TYPE_LABELS, e.entityType)}
                    {e.entityId ? (
                      <>
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          {e.entityId}
                        </Typography.Text>
                        <Button
                          type="link"
                          size="small"
                          style={{ padding: 0 }}
                          onClick={() => narrow({ entityType: e.entityType, entityId: e.entityId ?? undefined })}
                        >
                          只看此记录
                        </Button>
                      </>
                    ) : null}
                  </span>
                ),
              },
              { title: 'IP', dataIndex: 'ip', key: 'ip', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} style={{ display: 'block', marginBottom: 4 }}>
        {label}
      </label>
      {children}
    </div>
  );
}

function BeforeAfter({ entry }: { entry: Entry }) {
  const block = (title: string, value: unknown) => (
    <div style={{ flex: 1, minWidth: 280 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <pre
        className="audit-json"
        style={{ background: '#f5f5f5', padding: 8, margin: '4px 0 0', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {value ? JSON.stringify(value, null, 2) : '（无）'}
      </pre>
    </div>
  );
  return (
    <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
      {block('变更前', entry.before)}
      {block('变更后', entry.after)}
      <Typography.Text type="secondary" style={{ width: '100%', fontSize: 12 }}>
        请求编号 {entry.requestId ?? '—'} · 哈希 {entry.hash} · 前一条哈希 {entry.prevHash}
      </Typography.Text>
    </div>
  );
}

function ChainCheck() {
  const [result, setResult] = useState<Verify | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await call(api.GET('/api/v1/audit-logs/verify')));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="哈希链校验">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          每条记录都包含前一条记录的哈希；校验会逐条重算，发现任何被改动、删除或插入的记录。
        </Typography.Paragraph>
        {/* reading is not acting: verifying changes nothing, so auditors have this button */}
        <Button onClick={verify} loading={busy}>
          校验哈希链
        </Button>
        <ErrorAlert error={error} />
        {result ? (
          <div className="chain-result" aria-live="polite">
            {result.valid ? (
              <Alert type="success" showIcon title={`哈希链完整：已校验 ${result.checked} 条记录，未发现改动。`} />
            ) : (
              <Alert
                type="error"
                showIcon
                title="哈希链已断裂"
                description={`前 ${result.checked} 条记录完好；自编号 ${result.firstBrokenId ?? '—'} 的记录起哈希或链接不符，请立即报告。`}
              />
            )}
          </div>
        ) : null}
      </Space>
    </Card>
  );
}
