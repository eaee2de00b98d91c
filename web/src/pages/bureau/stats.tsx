import { Button, Card, Col, Descriptions, Input, InputNumber, Row, Space, Table, Tag, Typography, message } from 'antd';
import { useMemo, useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { EChart, type ChartOption } from '../../components/echart';
import { ErrorAlert } from '../../components/error-alert';
import { MonthPicker } from '../../components/month-picker';
import { PageTitle } from '../../components/page-title';
import { TAG_COLORS } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { formatFen } from '../../lib/money';
import { addMonths, monthLabel, shanghaiMonth } from '../../lib/months';
import { canAct } from '../../lib/roles';
import { enrolmentByTownship, type EnrolmentRow } from '../../lib/stats';
import { useConfirm } from '../../components/use-confirm';
import { useUser } from '../../session/session';

type CapacityRow = components['schemas']['CapacityRowView'];
type Institution = components['schemas']['InstitutionView'];
type RosterItem = components['schemas']['RosterListItem'];
type Settlement = components['schemas']['SettlementView'];

/** Every page of a paged list (200 a page). */
async function allPages<T>(load: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const answer = await load(page);
    items.push(...answer.items);
    if (answer.items.length === 0 || items.length >= answer.total) return items;
  }
}

const per1000 = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

function TargetTag({ meets }: { meets: boolean }) {
  return (
    <Tag variant="solid" color={meets ? TAG_COLORS.green : TAG_COLORS.red}>
      {meets ? '达标' : '未达标'}
    </Tag>
  );
}

/**
 * 统计 (health bureau; auditors read it too): approved slots per 1,000 population by township against the target,
 * the inclusive share, a month's enrolment against the approved slots, and the subsidy trend by month.
 */
export function StatsPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'admin');
  const capacity = useLoad(() => call(api.GET('/api/v1/stats/capacity')), []);
  const report = capacity.data;

  const chart = useMemo<ChartOption | null>(() => {
    if (!report) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(2)} 个/千人` },
      grid: { left: 48, right: 72, top: 24, bottom: 64 },
      xAxis: {
        type: 'category',
        data: report.townships.map((t) => t.name),
        axisLabel: { interval: 0, rotate: report.townships.length > 6 ? 30 : 0 },
      },
      // the axis always reaches above the target, so its line is drawn even when every township is far below it
      yAxis: {
        type: 'value',
        name: '个/千人',
        min: 0,
        max: (extent: { max: number }) => Math.ceil(Math.max(extent.max, report.targetPer1000) * 1.2),
      },
      series: [
        {
          type: 'bar',
          name: '每千人口托位数',
          barMaxWidth: 48,
          data: report.townships.map((t) => ({
            value: t.slotsPer1000 ?? 0,
            itemStyle: { color: t.meetsTarget ? TAG_COLORS.green : TAG_COLORS.blue },
          })),
          markLine: {
            symbol: 'none',
            lineStyle: { color: TAG_COLORS.red, type: 'dashed', width: 2 },
            label: { formatter: `目标 ${report.targetPer1000}`, color: TAG_COLORS.red },
            data: [{ yAxis: report.targetPer1000, name: '目标' }],
          },
        },
      ],
    };
  }, [report]);

  return (
    <>
      <PageTitle
        intro={
          report
            ? `全区已备案机构的核定托位，按乡镇（街道）常住人口计算每千人口托位数，目标为每千人口 ${report.targetPer1000} 个；普惠以 ${monthLabel(report.month)}的认定为准。`
            : '全区已备案机构的核定托位，按乡镇（街道）常住人口计算每千人口托位数。'
        }
      >
        统计
      </PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <ErrorAlert error={capacity.error} />
        {report ? (
          <>
            <Card
              title="每千人口托位数"
              extra={
                <Space wrap>
                  {/* plain links: the browser downloads with the session cookie and keeps the server's file name */}
                  <Button href="/api/v1/stats/capacity/export?format=xlsx" download>
                    导出 Excel（XLSX）
                  </Button>
                  <Button href="/api/v1/stats/capacity/export?format=csv" download>
                    导出 CSV
                  </Button>
                </Space>
              }
            >
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2, xl: 4 }}
                style={{ marginBottom: 16 }}
                items={[
                  {
                    key: 'per1000',
                    label: '全区每千人口托位数',
                    children: `${per1000(report.district.slotsPer1000)}（目标 ${report.targetPer1000}）`,
                  },
                  { key: 'target', label: '全区是否达标', children: <TargetTag meets={report.district.meetsTarget} /> },
                  {
                    key: 'slots',
                    label: '全区核定托位',
                    children: `${report.district.approvedSlots} 个（${report.district.institutions} 家机构）`,
                  },
                  {
                    key: 'inclusive',
                    label: '普惠托位占比',
                    children: `${share(report.district.inclusiveShare)}（${report.district.inclusiveSlots} 个）`,
                  },
                ]}
              />
              <Row gutter={[24, 16]}>
                <Col xs={24} xl={12}>
                  {chart && report.townships.length > 0 ? (
                    <EChart
                      className="capacity-chart"
                      option={chart}
                      label={`各乡镇（街道）每千人口托位数柱状图，虚线为目标 ${report.targetPer1000} 个；数据见右侧表格`}
                    />
                  ) : (
                    <Typography.Text>尚未登记乡镇（街道）人口。</Typography.Text>
                  )}
                </Col>
                <Col xs={24} xl={12}>
                  <Table<CapacityRow>
                    className="capacity-table"
                    size="small"
                    rowKey={(r) => r.code ?? 'district'}
                    pagination={false}
                    dataSource={[...report.townships, report.district]}
                    columns={[
                      { title: '乡镇（街道）', dataIndex: 'name', key: 'name' },
                      { title: '常住人口', dataIndex: 'population', key: 'population', align: 'right' },
                      { title: '核定托位', dataIndex: 'approvedSlots', key: 'slots', align: 'right' },
                      {
                        title: `每千人口（目标 ${report.targetPer1000}）`,
                        dataIndex: 'slotsPer1000',
                        key: 'per1000',
                        align: 'right',
                        render: (v: number | null) => per1000(v),
                      },
                      { title: '是否达标', dataIndex: 'meetsTarget', key: 'meets', render: (v: boolean) => <TargetTag meets={v} /> },
                      {
                        title: '普惠占比',
                        key: 'inclusive',
                        align: 'right',
                        render: (_: unknown, r: CapacityRow) => `${share(r.inclusiveShare)}（${r.inclusiveSlots}）`,
                      },
                    ]}
                  />
                  {report.unassigned.institutions > 0 ? (
                    <Typography.Paragraph style={{ marginTop: 8 }}>
                      另有 {report.unassigned.institutions} 家机构（核定托位 {report.unassigned.approvedSlots}{' '}
                      个）所在乡镇（街道）未登记人口，只计入全区合计。
                    </Typography.Paragraph>
                  ) : null}
                </Col>
              </Row>
            </Card>
            {mayAct ? <Population onSaved={capacity.reload} /> : null}
            <Enrolment townships={report.townships.map((t) => ({ code: t.code ?? '', name: t.name }))} />
            <Trend />
          </>
        ) : null}
      </Space>
    </>
  );
}

/** A month's children on approved rosters against the approved slots, by township. */
function Enrolment({ townships }: { townships: { code: string; name: string }[] }) {
  const [month, setMonth] = useState(() => addMonths(shanghaiMonth(), -1));
  const data = useLoad(async () => {
    const [institutions, rosters] = await Promise.all([
      allPages<Institution>((page) =>
        call(api.GET('/api/v1/institutions', { params: { query: { status: 'FILED', page, pageSize: 200 } } })),
      ),
      allPages<RosterItem>((page) => call(api.GET('/api/v1/rosters', { params: { query: { month, page, pageSize: 200 } } }))),
    ]);
    return enrolmentByTownship(
      townships,
      institutions.map((i) => ({ id: i.id, township: i.township ?? null, approvedSlots: i.approvedSlots })),
      rosters,
    );
  }, [month, townships.map((t) => t.code).join(',')]);

  return (
    <Card
      title="在托儿童与核定托位"
      extra={
        <Space>
          <label htmlFor="enrolment-month">统计月份</label>
          <MonthPicker id="enrolment-month" label="统计月份" value={month} bounds={{ min: '2020-01' }} onChange={setMonth} />
        </Space>
      }
    >
      <Typography.Paragraph>
        {monthLabel(month)}各机构已审核花名册上的儿童数（每家机构取最新的已审核版本）与现已备案机构核定托位之比。
      </Typography.Paragraph>
      <ErrorAlert error={data.error} />
      <Table<EnrolmentRow>
        className="enrolment-table"
        size="small"
        rowKey={(r) => r.code ?? r.name}
        loading={data.loading}
        pagination={false}
        dataSource={data.data ? [...data.data.rows, data.data.district] : []}
        columns={[
          { title: '乡镇（街道）', dataIndex: 'name', key: 'name' },
          {
            title: '已报送机构',
            key: 'reported',
            align: 'right',
            render: (_: unknown, r: EnrolmentRow) => `${r.reported} / ${r.institutions}`,
          },
          { title: '核定托位', dataIndex: 'approvedSlots', key: 'slots', align: 'right' },
          { title: '在托儿童', dataIndex: 'enrolled', key: 'enrolled', align: 'right' },
          { title: '托位使用率', dataIndex: 'utilisation', key: 'utilisation', align: 'right', render: (v: number | null) => percent(v) },
        ]}
      />
    </Card>
  );
}

/** Children paid for and the amount, month by month, from the computed settlements. */
function Trend() {
  const list = useLoad(
    () => allPages<Settlement>((page) => call(api.GET('/api/v1/settlements', { params: { query: { page, pageSize: 200 } } }))),
    [],
  );
  const months = useMemo(
    () =>
      (list.data ?? [])
        .filter((s) => ['COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID'].includes(s.status))
        .sort((a, b) => a.month.localeCompare(b.month))
        .slice(-24),
    [list.data],
  );
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 72, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: months.map((s) => monthLabel(s.month)) },
      yAxis: [
        { type: 'value', name: '人', min: 0, minInterval: 1 },
        { type: 'value', name: '元', min: 0 },
      ],
      series: [
        { type: 'bar', name: '享受补贴儿童', data: months.map((s) => s.totals?.paidChildren ?? 0), itemStyle: { color: TAG_COLORS.blue } },
        {
          type: 'line',
          name: '补贴金额（元）',
          yAxisIndex: 1,
          data: months.map((s) => (s.totals?.amountFen ?? 0) / 100),
          itemStyle: { color: TAG_COLORS.orange },
        },
      ],
    }),
    [months],
  );
  return (
    <Card title="按月趋势">
      <Typography.Paragraph>已计算的月度补贴结算（最近 24 个月）：享受补贴的儿童数与补贴金额。</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      {months.length === 0 && !list.loading ? (
        <Typography.Text>尚无已计算的结算。</Typography.Text>
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} xl={12}>
            <EChart className="trend-chart" option={option} label="按月享受补贴儿童数（柱）与补贴金额（线）；数据见右侧表格" height={280} />
          </Col>
          <Col xs={24} xl={12}>
            <Table<Settlement>
              className="trend-table"
              size="small"
              rowKey="id"
              loading={list.loading}
              pagination={false}
              dataSource={[...months].reverse()}
              columns={[
                { title: '月份', dataIndex: 'month', key: 'month', render: (m: string) => monthLabel(m) },
                {
                  title: '享受补贴儿童',
                  key: 'children',
                  align: 'right',
                  render: (_: unknown, s: Settlement) => s.totals?.paidChildren ?? 0,
                },
                {
                  title: '补贴金额',
                  key: 'amount',
                  align: 'right',
                  render: (_: unknown, s: Settlement) => formatFen(s.totals?.amountFen ?? 0),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** 乡镇（街道）人口: an admin registers a township or changes its resident population (the basis of slots per 1,000). */
function Population({ onSaved }: { onSaved: () => Promise<void> }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [population, setPopulation] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [toast, holder] = message.useMessage();
  const ask = useConfirm();
  const ready = code.trim() !== '' && name.trim() !== '' && population !== null && population > 0;
  const save = async () => {
    if (!ready || population === null) return;
    setError(null);
    try {
      await call(api.PUT('/api/v1/townships/{code}', { params: { path: { code: code.trim() } }, body: { name: name.trim(), population } }));
      void toast.success('人口已保存');
      setCode('');
      setName('');
      setPopulation(null);
      await onSaved();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card title="乡镇（街道）常住人口">
      {holder}
      <Typography.Paragraph>
        每千人口托位数按这里登记的常住人口计算。填写已有的代码即修改该乡镇（街道）的名称和人口；机构的乡镇（街道）代码在机构信息中填写。
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="township-code">乡镇（街道）代码</label>
        <Input id="township-code" style={{ width: 160 }} maxLength={20} value={code} onChange={(e) => setCode(e.target.value)} />
        <label htmlFor="township-name">名称</label>
        <Input id="township-name" style={{ width: 160 }} maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="township-population">常住人口</label>
        <InputNumber id="township-population" min={1} max={100000000} precision={0} value={population} onChange={(v) => setPopulation(v)} />
        <Button
          type="primary"
          disabled={!ready}
          onClick={() => ask(`保存${name.trim()}的常住人口 ${population ?? ''} 人？`, () => void save(), { okText: '保存' })}
        >
          保存人口
        </Button>
      </Space>
      <div style={{ marginTop: 8 }}>
        <ErrorAlert error={error} title={error ? '人口未保存' : undefined} />
      </div>
    </Card>
  );
}
