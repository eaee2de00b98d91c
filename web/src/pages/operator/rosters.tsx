import { Alert, Button, Card, Descriptions, Popconfirm, Space, Spin, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { Institution, Page, Roster, RosterEntry, RosterListItem } from '../../api/local-types';
import { ErrorAlert } from '../../components/error-alert';
import { FileUpload } from '../../components/file-upload';
import { MonthPicker } from '../../components/month-picker';
import { PageTitle } from '../../components/page-title';
import { StatusTag, TAG_COLORS } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime } from '../../lib/dates';
import { birthOrderLabel, ROSTER_STATUS_LABELS } from '../../lib/labels';
import { clampMonth, isMonth, monthLabel, rosterMonthBounds } from '../../lib/months';
import { useInstitutionId } from './use-institution-id';

const REPLACEABLE = ['DRAFT', 'RETURNED'];
/** Age bands of the caregiver ratio (age on the first day of the month). */
const BAND_LABELS: Record<string, string> = {
  UNDER_12_MONTHS: '不满12个月',
  FROM_12_TO_24_MONTHS: '12至24个月',
  FROM_24_TO_36_MONTHS: '24至36个月',
};
const FILE_HINT =
  '支持 .xlsx 和 .csv（UTF-8 或 GBK），表头：身份证号、姓名、孩次、监护人、联系电话、入托日期、离托日期、出勤天数。身份证号列请设为“文本”格式。';

/** 月度花名册: upload (with every problem shown), replace while DRAFT/RETURNED, review and submit, versions, locked months. */
export function RostersPage() {
  const id = useInstitutionId();
  const [params, setParams] = useSearchParams();
  const bounds = rosterMonthBounds();
  const wanted = params.get('month');
  const month = clampMonth(wanted && isMonth(wanted) ? wanted : bounds.max, bounds);
  const [toast, toastHolder] = message.useMessage();
  const [actionError, setActionError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const { data, error, loading, reload } = useLoad(async () => {
    const [institution, versions] = await Promise.all([
      call<Institution>(api.GET('/api/v1/institutions/{id}', { params: { path: { id } } })),
      call<Page<RosterListItem>>(
        api.GET('/api/v1/institutions/{id}/rosters', { params: { path: { id }, query: { month, pageSize: 200 } } }),
      ),
    ]);
    const sorted = [...versions.items].sort((a, b) => b.version - a.version);
    const latest = sorted[0] ? await call<Roster>(api.GET('/api/v1/rosters/{id}', { params: { path: { id: sorted[0].id } } })) : null;
    return { institution, versions: sorted, latest };
  }, [id, month]);

  const submit = async (rosterId: string) => {
    setActionError(null);
    setSubmitting(true);
    try {
      await call(api.POST('/api/v1/rosters/{id}/submit', { params: { path: { id: rosterId } } }));
      toast.success(`${monthLabel(month)}花名册已提交，请等待区卫生健康局审核`);
      await reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const latest = data?.latest ?? null;
  return (
    <>
      {toastHolder}
      <PageTitle intro="每月报送在托儿童名单：上传 Excel 或 CSV 文件，核对无误后提交区卫生健康局审核。">月度花名册</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Space wrap>
          <label htmlFor="roster-month">报送月份</label>
          <MonthPicker id="roster-month" label="报送月份" value={month} bounds={bounds} onChange={(m) => setParams({ month: m })} />
          {loading ? <Spin size="small" /> : null}
        </Space>
        <ErrorAlert error={error} />
        {data && data.institution.status !== 'FILED' ? (
          <Alert type="warning" showIcon title="机构尚未完成备案" description="备案通过后才能报送花名册。请先在“我的机构”中完成备案。" />
        ) : null}

        {data && !latest && data.institution.status === 'FILED' ? (
          <Card
            title={`上传${monthLabel(month)}花名册`}
            extra={
              <Typography.Link href="/api/v1/rosters/template" download>
                下载花名册模板（.xlsx）
              </Typography.Link>
            }
          >
            <FileUpload<Roster>
              url={`/api/v1/institutions/${id}/rosters/import?month=${month}`}
              method="POST"
              label="点击选择或拖入花名册文件"
              hint={FILE_HINT}
              onUploaded={async (roster) => {
                toast.success(`已导入 ${roster.entries.length} 名儿童，请核对后提交`);
                await reload();
              }}
            />
          </Card>
        ) : null}

        {latest ? (
          <RosterReview
            roster={latest}
            submitting={submitting}
            onSubmit={() => submit(latest.id)}
            actionError={actionError}
            onReplaced={async (roster) => {
              toast.success(`已用新文件替换，共 ${roster.entries.length} 名儿童，请核对后提交`);
              await reload();
            }}
          />
        ) : null}

        {data && data.versions.length > 0 ? (
          <Card title="版本记录">
            <Table<RosterListItem>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.versions}
              columns={[
                { title: '版本', dataIndex: 'version', key: 'version', width: 70 },
                {
                  title: '状态',
                  dataIndex: 'status',
                  key: 'status',
                  width: 150,
                  render: (s: string) => <StatusTag status={s} labels={ROSTER_STATUS_LABELS} />,
                },
                { title: '人数', dataIndex: 'entryCount', key: 'count', width: 70 },
                { title: '创建时间', dataIndex: 'createdAt', key: 'created', render: formatDateTime },
                { title: '提交时间', dataIndex: 'submittedAt', key: 'submitted', render: formatDateTime },
                { title: '审核时间', dataIndex: 'reviewedAt', key: 'reviewed', render: formatDateTime },
                { title: '退回原因', dataIndex: 'returnReason', key: 'reason', render: (r: string | null) => r ?? '—' },
              ]}
            />
          </Card>
        ) : null}
      </Space>
    </>
  );
}

function RosterReview({
  roster,
  submitting,
  onSubmit,
  actionError,
  onReplaced,
}: {
  roster: Roster;
  submitting: boolean;
  onSubmit: () => void;
  actionError: unknown;
  onReplaced: (roster: Roster) => Promise<void>;
}) {
  const replaceable = REPLACEABLE.includes(roster.status);
  const s = roster.summary;
  return (
    <Card
      title={
        <Space>
          <span>
            {monthLabel(roster.month)}花名册（第 {roster.version} 版）
          </span>
          <StatusTag status={roster.status} labels={ROSTER_STATUS_LABELS} />
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <StatusNote roster={roster} />
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'count', label: '在托人数', children: s.entryCount },
            { key: 'first', label: '一孩', children: s.byBirthOrder.first },
            { key: 'second', label: '二孩', children: s.byBirthOrder.second },
            { key: 'third', label: '三孩及以上', children: s.byBirthOrder.thirdOrLater },
            { key: 'over', label: '已满3周岁（不享受补贴）', children: s.overThree },
            // reviewers only (null for operators): facts of the registry and of other institutions' rosters
            ...(s.alsoListedElsewhere === null
              ? []
              : [{ key: 'elsewhere', label: '同月也在其他机构名单中', children: s.alsoListedElsewhere }]),
            ...(s.birthOrderConflicts === null ? [] : [{ key: 'conflicts', label: '孩次与已确认不一致', children: s.birthOrderConflicts }]),
            {
              key: 'changes',
              label: '较上月',
              children: s.changesSinceLastMonth
                ? `新入托 ${s.changesSinceLastMonth.joined} 人，离托 ${s.changesSinceLastMonth.left} 人`
                : '上月无花名册',
            },
            {
              key: 'ratio',
              label: '保育人员配比',
              children: (
                <span>
                  {s.caregiverRatio.bands
                    .map((b) => `${BAND_LABELS[b.band] ?? b.band} ${b.children} 人（1:${b.childrenPerCaregiver}）`)
                    .join('，')}
                  ； 需保育人员 {s.caregiverRatio.caregiversRequired} 名，本月在职 {s.caregiverRatio.caregiversActive} 名
                  {s.caregiverRatio.short ? '，不足' : ''}
                </span>
              ),
            },
          ]}
        />
        {s.caregiverRatio.short ? (
          <Alert
            type="warning"
            showIcon
            title="保育人员不足"
            description={`按本月幼儿月龄需保育人员 ${s.caregiverRatio.caregiversRequired} 名，本月在职 ${s.caregiverRatio.caregiversActive} 名。请在“从业人员”中登记保育人员。`}
          />
        ) : null}
        <Table<RosterEntry>
          size="small"
          rowKey="rowIndex"
          dataSource={roster.entries}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${total} 人` }}
          scroll={{ x: 900 }}
          columns={[
            { title: '行号', dataIndex: 'rowIndex', key: 'row', width: 64 },
            { title: '身份证号', dataIndex: 'idNumber', key: 'id', width: 190 },
            { title: '姓名', dataIndex: 'name', key: 'name', width: 90 },
            {
              title: '孩次',
              key: 'order',
              width: 150,
              render: (_: unknown, e: RosterEntry) =>
                e.confirmedBirthOrder !== null && e.confirmedBirthOrder !== e.birthOrder ? (
                  <Space size={4}>
                    {birthOrderLabel(e.birthOrder)}
                    <Tag color={TAG_COLORS.red}>已确认为{birthOrderLabel(e.confirmedBirthOrder)}</Tag>
                  </Space>
                ) : (
                  birthOrderLabel(e.birthOrder)
                ),
            },
            { title: '监护人', dataIndex: 'guardianName', key: 'guardian', width: 90 },
            { title: '联系电话', dataIndex: 'guardianPhone', key: 'phone', width: 130, render: (v: string | null) => v ?? '—' },
            { title: '入托日期', dataIndex: 'enrolledOn', key: 'in', width: 110, render: formatDate },
            { title: '离托日期', dataIndex: 'withdrawnOn', key: 'out', width: 110, render: formatDate },
            { title: '出勤天数', dataIndex: 'attendanceDays', key: 'days', width: 90 },
          ]}
        />
        <Typography.Text type="secondary">身份证号、姓名和监护人信息已脱敏显示。</Typography.Text>
        {replaceable ? (
          <>
            <ErrorAlert error={actionError} />
            <Space wrap>
              <Popconfirm
                title="提交花名册"
                description="提交后不能再修改，确认名单和出勤天数无误？"
                okText="提交"
                cancelText="取消"
                onConfirm={onSubmit}
              >
                <Button type="primary" loading={submitting}>
                  核对无误，提交审核
                </Button>
              </Popconfirm>
            </Space>
            <Card size="small" title="发现错误？用改正后的文件替换本版本">
              <FileUpload<Roster>
                url={`/api/v1/rosters/${roster.id}/import`}
                method="PUT"
                label="点击选择或拖入改正后的文件"
                hint={FILE_HINT}
                onUploaded={onReplaced}
              />
            </Card>
          </>
        ) : null}
      </Space>
    </Card>
  );
}

function StatusNote({ roster }: { roster: Roster }) {
  switch (roster.status) {
    case 'DRAFT':
      return (
        <Alert
          type="warning"
          showIcon
          title="尚未提交"
          description="请核对下面的名单和汇总，无误后提交审核；有错误可用改正后的文件替换。"
        />
      );
    case 'RETURNED':
      return (
        <Alert
          type="error"
          showIcon
          title="花名册被退回"
          description={`退回原因：${roster.returnReason ?? '（未说明）'}。请改正后上传替换，再重新提交。`}
        />
      );
    case 'SUBMITTED':
      return <Alert type="info" showIcon title="已提交，等待区卫生健康局审核" description="审核期间不能修改。" />;
    case 'APPROVED':
      return <Alert type="success" showIcon title="审核通过" description="该月结算时按此名单计算补贴。" />;
    case 'LOCKED':
      return (
        <Alert
          type="info"
          showIcon
          title={`该月已结算锁定（${formatDate(roster.lockedAt)}）`}
          description="已结算月份的花名册不能再修改。如发现错误，请联系区卫生健康局开放更正：更正版本审核通过后，差额作为调整款计入以后月份的结算（多发的从以后的补贴中扣回），不会重复发放。"
        />
      );
    default:
      return null;
  }
}
