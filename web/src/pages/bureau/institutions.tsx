import { Button, Card, Descriptions, Input, Select, Space, Table, Timeline, Typography, message } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { useConfirm } from '../../components/use-confirm';
import { MonthPicker } from '../../components/month-picker';
import { PageTitle } from '../../components/page-title';
import { ReasonAction } from '../../components/reason-action';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime } from '../../lib/dates';
import { INSTITUTION_KIND_LABELS, INSTITUTION_STATUS_LABELS, labelOf } from '../../lib/labels';
import { formatFenOrDash, parseYuanToFen } from '../../lib/money';
import { addMonths, monthLabel, shanghaiMonth } from '../../lib/months';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';
import { ApprovedSlots, InstitutionGrants, InstitutionRosters, InstitutionSettlements, Supervision } from './institution-records';

type Institution = components['schemas']['InstitutionView'];

const PAGE_SIZE = 50;

/** 机构管理: every institution, filtered by status, kind and name. */
export function InstitutionsPage() {
  const [status, setStatus] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const list = useLoad(
    () =>
      call(
        api.GET('/api/v1/institutions', {
          params: { query: { status: status as never, kind: kind as never, q: query || undefined, page, pageSize: PAGE_SIZE } },
        }),
      ),
    [status, kind, query, page],
  );
  return (
    <>
      <PageTitle intro="全区托育机构：备案、普惠认定、暂停与关停。">机构管理</PageTitle>
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <label htmlFor="inst-status">状态</label>
          <Select
            id="inst-status"
            style={{ width: 160 }}
            allowClear
            placeholder="全部"
            value={status}
            onChange={(v?: string) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(INSTITUTION_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <label htmlFor="inst-kind">类型</label>
          <Select
            id="inst-kind"
            style={{ width: 180 }}
            allowClear
            placeholder="全部"
            value={kind}
            onChange={(v?: string) => {
              setKind(v);
              setPage(1);
            }}
            options={Object.entries(INSTITUTION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <label htmlFor="inst-q">名称</label>
          <Input.Search
            id="inst-q"
            style={{ width: 240 }}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => {
              setQuery(v.trim());
              setPage(1);
            }}
            enterButton="查找"
          />
        </Space>
        <ErrorAlert error={list.error} />
        <Table<Institution>
          className="institution-list"
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 家`,
            onChange: setPage,
          }}
          columns={[
            {
              title: '机构名称',
              dataIndex: 'name',
              key: 'name',
              render: (n: string, i: Institution) => <Link to={`/institutions/${i.id}`}>{n}</Link>,
            },
            { title: '类型', dataIndex: 'kind', key: 'kind', render: (k: string) => labelOf(INSTITUTION_KIND_LABELS, k) },
            {
              title: '状态',
              dataIndex: 'status',
              key: 'status',
              render: (s: string) => <StatusTag status={s} labels={INSTITUTION_STATUS_LABELS} />,
            },
            { title: '备案号', dataIndex: 'filingNumber', key: 'filing', render: (v: string | null) => v ?? '—' },
            { title: '普惠', dataIndex: 'inclusive', key: 'inclusive', render: (v: boolean) => (v ? '是' : '否') },
            { title: '核定托位', dataIndex: 'approvedSlots', key: 'slots' },
          ]}
        />
      </Card>
    </>
  );
}

/** An institution's page: facts, status timeline, designations; the bureau's actions (admin only). */
export function InstitutionDetailPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const mayAct = canAct(user.role, 'admin');
  const [toast, holder] = message.useMessage();
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const data = useLoad(async () => {
    const [institution, history] = await Promise.all([
      call(api.GET('/api/v1/institutions/{id}', { params: { path: { id } } })),
      call(api.GET('/api/v1/institutions/{id}/history', { params: { path: { id } } })),
    ]);
    return { institution, history };
  }, [id]);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await what();
      void toast.success(done);
      await data.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const i = data.data?.institution;
  const h = data.data?.history;
  return (
    <>
      {holder}
      <PageTitle intro={<Link to="/institutions">返回机构列表</Link>}>{i?.name ?? '机构'}</PageTitle>
      <ErrorAlert error={data.error} />
      {i && h ? (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Card title="基本情况" extra={<StatusTag status={i.status} labels={INSTITUTION_STATUS_LABELS} />}>
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2, xl: 3 }}
              items={[
                { key: 'code', label: '统一社会信用代码', children: i.creditCode },
                { key: 'kind', label: '类型', children: labelOf(INSTITUTION_KIND_LABELS, i.kind) },
                { key: 'filing', label: '备案号', children: i.filingNumber ?? '—' },
                { key: 'slots', label: '核定托位', children: `${i.approvedSlots} 个` },
                { key: 'rating', label: '信用等级', children: i.creditRating ? `${i.creditRating} 级` : '尚未评级' },
                { key: 'township', label: '乡镇（街道）代码', children: i.township ?? '—' },
                { key: 'inclusive', label: '普惠', children: i.inclusive ? `是（自${monthLabel(i.inclusiveFrom ?? '')}）` : '否' },
                { key: 'price', label: '普惠指导价（月）', children: formatFenOrDash(i.guidancePriceFen) },
                { key: 'address', label: '地址', children: i.address ?? '—' },
                { key: 'reason', label: '状态说明', children: i.statusReason ?? '—' },
              ]}
            />
          </Card>
          <Card title="状态记录">
            <Timeline
              className="status-timeline"
              items={[
                ...h.statusChanges.map((c) => ({
                  key: `s-${c.at}-${c.toStatus}`,
                  content: (
                    <span>
                      {formatDateTime(c.at)} {c.fromStatus ? `${labelOf(INSTITUTION_STATUS_LABELS, c.fromStatus)} → ` : ''}
                      {labelOf(INSTITUTION_STATUS_LABELS, c.toStatus)}
                      {c.reason ? `（${c.reason}）` : ''}
                    </span>
                  ),
                })),
                ...h.designations.map((d) => ({
                  key: `d-${d.createdAt}`,
                  content: (
                    <span>
                      {formatDate(d.createdAt)}
                      {d.inclusive
                        ? `认定为普惠，自${monthLabel(d.effectiveFrom)}起，指导价 ${formatFenOrDash(d.guidancePriceFen)}`
                        : `自${monthLabel(d.effectiveFrom)}起取消普惠`}
                    </span>
                  ),
                })),
              ]}
            />
          </Card>
          {mayAct ? (
            <Card title="办理">
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <ErrorAlert error={actionError} title="操作未成功" />
                <ApprovedSlots key={i.approvedSlots} institutionId={id} slots={i.approvedSlots} onSaved={data.reload} />
                {i.status === 'FILED' ? (
                  <Designation
                    busy={busy}
                    onSubmit={(guidancePriceFen, effectiveFrom) =>
                      act(
                        () =>
                          call(
                            api.POST('/api/v1/institutions/{id}/inclusive', {
                              params: { path: { id } },
                              body: { guidancePriceFen, effectiveFrom },
                            }),
                          ),
                        '普惠认定已保存',
                      )
                    }
                  />
                ) : null}
                {i.status === 'FILED' && i.inclusive ? (
                  <EndDesignation
                    busy={busy}
                    onSubmit={(effectiveFrom) =>
                      act(
                        () =>
                          call(
                            api.POST('/api/v1/institutions/{id}/inclusive', {
                              params: { path: { id } },
                              body: { inclusive: false, effectiveFrom },
                            }),
                          ),
                        '已终止普惠认定',
                      )
                    }
                  />
                ) : null}
                {i.status === 'FILED' ? (
                  <ReasonAction
                    id="suspend-reason"
                    label="暂停原因"
                    button="暂停"
                    busy={busy}
                    onSubmit={(reason) =>
                      act(
                        () => call(api.POST('/api/v1/institutions/{id}/suspend', { params: { path: { id } }, body: { reason } })),
                        '已暂停',
                      )
                    }
                  />
                ) : null}
                {i.status === 'SUSPENDED' ? (
                  <ReasonAction
                    id="reinstate-reason"
                    label="恢复说明"
                    button="恢复"
                    busy={busy}
                    onSubmit={(reason) =>
                      act(
                        () => call(api.POST('/api/v1/institutions/{id}/reinstate', { params: { path: { id } }, body: { reason } })),
                        '已恢复',
                      )
                    }
                  />
                ) : null}
                {i.status === 'FILED' || i.status === 'SUSPENDED' ? (
                  <Closure
                    busy={busy}
                    onSubmit={(reason, childrenArrangement) =>
                      act(
                        () =>
                          call(
                            api.POST('/api/v1/institutions/{id}/close', {
                              params: { path: { id } },
                              body: { reason, childrenArrangement },
                            }),
                          ),
                        '已关停',
                      )
                    }
                  />
                ) : null}
              </Space>
            </Card>
          ) : null}
          <Supervision institutionId={id} mayAct={mayAct} onChanged={data.reload} />
          <InstitutionRosters institutionId={id} />
          <InstitutionSettlements institutionId={id} />
          <InstitutionGrants institutionId={id} />
        </Space>
      ) : null}
    </>
  );
}

function Designation({ busy, onSubmit }: { busy: boolean; onSubmit: (fen: number, month: string) => void | Promise<void> }) {
  const [price, setPrice] = useState('');
  const [month, setMonth] = useState(() => addMonths(shanghaiMonth(), 1));
  const fen = parseYuanToFen(price);
  return (
    <Space wrap>
      <Typography.Text strong>普惠认定</Typography.Text>
      <label htmlFor="guidance-price">指导价（元/月）</label>
      <Input
        id="guidance-price"
        style={{ width: 140 }}
        value={price}
        onChange={(e) => setPrice(e.target.value)}
        status={price && fen === null ? 'error' : undefined}
      />
      <label htmlFor="effective-from">起始月份</label>
      <MonthPicker id="effective-from" label="起始月份" value={month} bounds={{ min: '2020-01' }} onChange={setMonth} />
      {price && fen === null ? <Typography.Text type="danger">请填写金额，最多两位小数</Typography.Text> : null}
      <Button type="primary" loading={busy} disabled={fen === null} onClick={() => fen !== null && void onSubmit(fen, month)}>
        保存普惠认定
      </Button>
    </Space>
  );
}

function Closure({ busy, onSubmit }: { busy: boolean; onSubmit: (reason: string, arrangement: string) => void | Promise<void> }) {
  const [reason, setReason] = useState('');
  const [arrangement, setArrangement] = useState('');
  const ask = useConfirm();
  return (
    <Space wrap align="start">
      <Typography.Text strong>关停</Typography.Text>
      <label htmlFor="close-reason">关停原因</label>
      <Input id="close-reason" style={{ width: 220 }} value={reason} onChange={(e) => setReason(e.target.value)} />
      <label htmlFor="close-children">在托儿童安置</label>
      <Input.TextArea
        id="close-children"
        style={{ width: 300 }}
        rows={2}
        value={arrangement}
        onChange={(e) => setArrangement(e.target.value)}
      />
      <Button
        danger
        loading={busy}
        disabled={!reason.trim() || !arrangement.trim()}
        onClick={() =>
          ask('关停该机构？', () => void onSubmit(reason.trim(), arrangement.trim()), { description: '关停后不能恢复。', okText: '关停' })
        }
      >
        关停机构
      </Button>
    </Space>
  );
}

function EndDesignation({ busy, onSubmit }: { busy: boolean; onSubmit: (month: string) => void | Promise<void> }) {
  const [month, setMonth] = useState(() => addMonths(shanghaiMonth(), 1));
  const ask = useConfirm();
  return (
    <Space wrap>
      <Typography.Text strong>终止普惠</Typography.Text>
      <label htmlFor="end-inclusive-from">自月份起不再普惠</label>
      <MonthPicker id="end-inclusive-from" label="自月份起不再普惠" value={month} bounds={{ min: '2020-01' }} onChange={setMonth} />
      <Button
        loading={busy}
        onClick={() =>
          ask(`自${monthLabel(month)}起终止普惠认定？`, () => void onSubmit(month), {
            description: '此前月份的普惠认定不变；以后可重新认定。',
            okText: '终止',
          })
        }
      >
        终止普惠认定
      </Button>
    </Space>
  );
}
