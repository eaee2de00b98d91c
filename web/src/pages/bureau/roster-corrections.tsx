import { Alert, Button, Card, Space, Table, Typography, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { FileUpload } from '../../components/file-upload';
import { MonthPicker } from '../../components/month-picker';
import { ReasonAction } from '../../components/reason-action';
import { StatusTag } from '../../components/status-tag';
import { useConfirm } from '../../components/use-confirm';
import { useLoad } from '../../components/use-load';
import { correctionPaidIn, type CorrectionPayment } from '../../lib/corrections';
import { formatDateTime } from '../../lib/dates';
import { ROSTER_STATUS_LABELS } from '../../lib/labels';
import { addMonths, monthLabel, shanghaiMonth } from '../../lib/months';

type RosterItem = components['schemas']['RosterListItem'];
type Roster = components['schemas']['RosterView'];

const EFFECTIVE = ['APPROVED', 'LOCKED'];
const OPEN = ['DRAFT', 'SUBMITTED', 'RETURNED'];

export function paymentText(p: CorrectionPayment): string {
  return p.kind === 'OWN_MONTH'
    ? `${monthLabel(p.month)}尚未审定：更正后的名册审核通过后，直接计入${monthLabel(p.month)}的结算。`
    : `${monthLabel(p.month)}的结算${p.started ? '' : '（尚未发起）'}：更正审核通过后，与已付金额的差额在该月结算中以“调整”项支付或扣回。`;
}

/**
 * Corrections of approved or locked rosters (结算管理): a month's rosters, each institution's newest version; an
 * admin reopens one as a new draft version with a reason, and sees in which month's settlement the difference is
 * paid. The draft is then corrected (by the institution, or here by uploading the corrected file) and submitted.
 */
export function RosterCorrections({ mayAct }: { mayAct: boolean }) {
  const [month, setMonth] = useState(() => addMonths(shanghaiMonth(), -1));
  const [toast, holder] = message.useMessage();
  const ask = useConfirm();
  const [error, setError] = useState<unknown>(null);
  const [opened, setOpened] = useState<Roster | null>(null);
  const data = useLoad(async () => {
    const [rosters, settlements] = await Promise.all([
      call(api.GET('/api/v1/rosters', { params: { query: { month, pageSize: 200 } } })),
      call(api.GET('/api/v1/settlements', { params: { query: { pageSize: 200 } } })),
    ]);
    return { rosters: rosters.items, settlements: settlements.items };
  }, [month]);

  // each institution's newest version of the month
  const newest = new Map<string, RosterItem>();
  for (const r of data.data?.rosters ?? []) {
    const known = newest.get(r.institutionId);
    if (!known || r.version > known.version) newest.set(r.institutionId, r);
  }
  const rows = [...newest.values()].sort((a, b) => a.institutionName.localeCompare(b.institutionName, 'zh-CN'));
  const paidIn = data.data ? correctionPaidIn(month, data.data.settlements) : null;

  const reopen = async (r: RosterItem, reason: string) => {
    setError(null);
    try {
      const created = await call(api.POST('/api/v1/rosters/{id}/reopen', { params: { path: { id: r.id } }, body: { reason } }));
      setOpened(created);
      void toast.success(`已生成第 ${created.version} 版（更正草稿）`);
      await data.reload();
    } catch (e) {
      setError(e);
    }
  };

  const submit = async (id: string) => {
    setError(null);
    try {
      await call(api.POST('/api/v1/rosters/{id}/submit', { params: { path: { id } } }));
      setOpened(null);
      void toast.success('更正已提交，请在“待办审核”中审核');
      await data.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card title="名册更正（已审核、已锁定的名册）" className="roster-corrections">
      {holder}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          已审核或已随结算锁定的名册不能直接修改：更正时生成一个新版本（草稿，复制原有明细），修改后提交、审核通过即成为该月的有效名册。原版本保留不变。
        </Typography.Paragraph>
        <Space wrap>
          <label htmlFor="correction-month">名册月份</label>
          <MonthPicker
            id="correction-month"
            label="名册月份"
            value={month}
            bounds={{ min: '2020-01', max: shanghaiMonth() }}
            onChange={setMonth}
          />
        </Space>
        {paidIn ? <Alert className="correction-paid-in" type="info" showIcon title={`差额在哪个月支付：${paymentText(paidIn)}`} /> : null}
        <ErrorAlert error={data.error ?? error} title={error ? '操作未成功' : undefined} />
        {opened ? (
          <Alert
            className="correction-opened"
            type="success"
            showIcon
            title={`已为${rows.find((r) => r.institutionId === opened.institutionId)?.institutionName ?? '该机构'}生成${monthLabel(opened.month)}名册第 ${opened.version} 版（草稿）`}
            description={
              <Space orientation="vertical" style={{ width: '100%' }}>
                <span>机构经办人可在“月度花名册”中修改并提交；也可以在这里上传更正后的名册文件，再提交审核。</span>
                <FileUpload<Roster>
                  url={`/api/v1/rosters/${opened.id}/import`}
                  method="PUT"
                  label="上传更正后的名册（.xlsx 或 .csv）"
                  hint="替换这一版草稿的全部明细"
                  onUploaded={(r) => {
                    setOpened(r);
                    void toast.success(`已替换为 ${r.entries.length} 条明细`);
                  }}
                />
                <Button type="primary" onClick={() => ask('提交这一版更正？', () => void submit(opened.id), { okText: '提交' })}>
                  提交更正
                </Button>
              </Space>
            }
          />
        ) : null}
        <Table<RosterItem>
          className="correction-list"
          size="small"
          rowKey="id"
          loading={data.loading}
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: '该月没有名册' }}
          expandable={
            mayAct
              ? {
                  rowExpandable: (r: RosterItem) => EFFECTIVE.includes(r.status),
                  expandedRowRender: (r: RosterItem) => (
                    <ReasonAction
                      id={`reopen-${r.id}`}
                      label="更正原因"
                      button="更正名册"
                      onSubmit={(reason) =>
                        ask(`更正${r.institutionName}${monthLabel(r.month)}的名册？`, () => void reopen(r, reason), {
                          description: paidIn ? paymentText(paidIn) : undefined,
                          okText: '生成更正版本',
                        })
                      }
                    />
                  ),
                }
              : undefined
          }
          columns={[
            { title: '机构', dataIndex: 'institutionName', key: 'name' },
            { title: '版本', dataIndex: 'version', key: 'version', render: (v: number) => `第 ${v} 版` },
            {
              title: '状态',
              dataIndex: 'status',
              key: 'status',
              render: (s: string) => <StatusTag status={s} labels={ROSTER_STATUS_LABELS} />,
            },
            { title: '儿童数', dataIndex: 'entryCount', key: 'count', align: 'right' },
            { title: '审核时间', dataIndex: 'reviewedAt', key: 'reviewed', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
            {
              title: '说明',
              key: 'note',
              render: (_: unknown, r: RosterItem) =>
                OPEN.includes(r.status) && r.version > 1
                  ? '更正办理中'
                  : EFFECTIVE.includes(r.status)
                    ? mayAct
                      ? '展开可更正'
                      : '有效名册'
                    : '尚未审核',
            },
          ]}
        />
      </Space>
    </Card>
  );
}
