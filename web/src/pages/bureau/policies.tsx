import { Button, Card, Input, InputNumber, Space, Table, Typography, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { MonthPicker } from '../../components/month-picker';
import { PageTitle } from '../../components/page-title';
import { useConfirm } from '../../components/use-confirm';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/dates';
import { formatFen, parseYuanToFen } from '../../lib/money';
import { addMonths, monthLabel, shanghaiMonth } from '../../lib/months';
import { canAct } from '../../lib/roles';
import { useUser } from '../../session/session';

type Policy = components['schemas']['SubsidyPolicyView'];

/** 补贴标准: the subsidy policy versions with the month each takes effect; a new version (admin). */
export function PoliciesPage() {
  const user = useUser();
  const mayAct = canAct(user.role, 'admin');
  const list = useLoad(() => call(api.GET('/api/v1/subsidy-policies')), []);
  return (
    <>
      <PageTitle intro="每个版本自生效月份起适用，直到下一个版本生效；已审定的月份不受新版本影响。">补贴标准</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card title="各版本">
          <ErrorAlert error={list.error} />
          <Table<Policy>
            className="policy-list"
            size="small"
            rowKey="id"
            loading={list.loading}
            pagination={false}
            dataSource={list.data ?? []}
            columns={[
              { title: '生效月份', dataIndex: 'effectiveFrom', key: 'from', render: (m: string) => monthLabel(m) },
              {
                title: '二孩（每人每月）',
                dataIndex: 'secondChildFen',
                key: 'second',
                align: 'right',
                render: (f: number) => formatFen(f),
              },
              {
                title: '三孩及以上（每人每月）',
                dataIndex: 'thirdChildFen',
                key: 'third',
                align: 'right',
                render: (f: number) => formatFen(f),
              },
              { title: '最少出勤天数', dataIndex: 'minAttendanceDays', key: 'days' },
              { title: '年龄上限（月）', dataIndex: 'maxAgeMonths', key: 'age' },
              { title: '创建时间', dataIndex: 'createdAt', key: 'created', render: (v: string) => formatDateTime(v) },
            ]}
          />
        </Card>
        {mayAct ? <NewPolicy onCreated={list.reload} /> : null}
      </Space>
    </>
  );
}

function NewPolicy({ onCreated }: { onCreated: () => Promise<void> }) {
  const [toast, holder] = message.useMessage();
  const ask = useConfirm();
  const [from, setFrom] = useState(() => addMonths(shanghaiMonth(), 1));
  const [second, setSecond] = useState('');
  const [third, setThird] = useState('');
  const [days, setDays] = useState<number | null>(1);
  const [age, setAge] = useState<number | null>(36);
  const [error, setError] = useState<unknown>(null);
  const secondFen = parseYuanToFen(second);
  const thirdFen = parseYuanToFen(third);
  const ready = secondFen !== null && thirdFen !== null && days !== null && age !== null;

  const create = async () => {
    if (!ready) return;
    setError(null);
    try {
      await call(
        api.POST('/api/v1/subsidy-policies', {
          body: { effectiveFrom: from, secondChildFen: secondFen, thirdChildFen: thirdFen, minAttendanceDays: days, maxAgeMonths: age },
        }),
      );
      void toast.success('新版本已保存');
      await onCreated();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card title="新增版本">
      {holder}
      <Space wrap>
        <label htmlFor="policy-from">生效月份</label>
        <MonthPicker id="policy-from" label="生效月份" value={from} bounds={{ min: '2020-01' }} onChange={setFrom} />
        <label htmlFor="policy-second">二孩（元/月）</label>
        <Input id="policy-second" style={{ width: 120 }} value={second} onChange={(e) => setSecond(e.target.value)} />
        <label htmlFor="policy-third">三孩及以上（元/月）</label>
        <Input id="policy-third" style={{ width: 120 }} value={third} onChange={(e) => setThird(e.target.value)} />
        <label htmlFor="policy-days">最少出勤天数</label>
        <InputNumber id="policy-days" min={0} max={31} precision={0} value={days} onChange={(v) => setDays(v)} />
        <label htmlFor="policy-age">年龄上限（月）</label>
        <InputNumber id="policy-age" min={1} max={72} precision={0} value={age} onChange={(v) => setAge(v)} />
        <Button
          type="primary"
          disabled={!ready}
          onClick={() => ask(`自${monthLabel(from)}起执行新标准？`, () => void create(), { okText: '保存' })}
        >
          保存新版本
        </Button>
      </Space>
      {(second && secondFen === null) || (third && thirdFen === null) ? (
        <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
          金额请填写数字，最多两位小数。
        </Typography.Paragraph>
      ) : null}
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} />
      </div>
    </Card>
  );
}
