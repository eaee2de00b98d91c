import { Button, Card, Descriptions, Input, Select, Space, Table, Typography, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { formatDate, formatDateTime } from '../../lib/dates';
import { birthOrderLabel, ROSTER_STATUS_LABELS } from '../../lib/labels';
import { monthLabel } from '../../lib/months';

type Child = components['schemas']['ChildView'];
type ChildRoster = components['schemas']['ChildRosterView'];

/**
 * 儿童查询 (health bureau): a child found by the ID number a parent reads out. The number is typed into a form and
 * sent in the body of a POST (never in the address bar, history or logs); the answer shows it masked.
 */
export function ChildrenPage() {
  const [toast, holder] = message.useMessage();
  const [idNumber, setIdNumber] = useState('');
  const [child, setChild] = useState<Child | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [order, setOrder] = useState<number | undefined>();
  const [reason, setReason] = useState('');
  const [fixError, setFixError] = useState<unknown>(null);

  const lookup = async () => {
    setBusy(true);
    setError(null);
    setChild(null);
    try {
      setChild(await call(api.POST('/api/v1/children/lookup', { body: { idNumber: idNumber.trim().toUpperCase() } })));
      setIdNumber(''); // the full number does not stay on the screen
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const correct = async () => {
    if (!child || order === undefined) return;
    setFixError(null);
    try {
      const fixed = await call(
        api.PATCH('/api/v1/children/{id}/birth-order', {
          params: { path: { id: child.id } },
          body: { birthOrder: order, reason: reason.trim() },
        }),
      );
      setChild(fixed);
      setOrder(undefined);
      setReason('');
      void toast.success('孩次已更正');
    } catch (e) {
      setFixError(e);
    }
  };

  return (
    <>
      {holder}
      <PageTitle intro="按家长报出的身份证号查找儿童；号码只在本页表单中提交，不出现在网址中。">儿童查询</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void lookup();
            }}
          >
            <Space wrap>
              <label htmlFor="child-id-number">身份证号</label>
              <Input
                id="child-id-number"
                style={{ width: 260 }}
                autoComplete="off"
                maxLength={18}
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value)}
              />
              <Button type="primary" htmlType="submit" loading={busy} disabled={!idNumber.trim()}>
                查找
              </Button>
            </Space>
          </form>
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={error} />
          </div>
        </Card>
        {child ? (
          <Card title="儿童信息" className="child-card">
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, md: 3 }}
                items={[
                  { key: 'id', label: '身份证号', children: child.idNumber },
                  { key: 'name', label: '姓名', children: child.name },
                  { key: 'birth', label: '出生日期', children: formatDate(child.birthDate) },
                  { key: 'sex', label: '性别', children: child.sex === 'F' ? '女' : '男' },
                  { key: 'order', label: '已确认孩次', children: child.birthOrder ? birthOrderLabel(child.birthOrder) : '尚未确认' },
                  { key: 'confirmed', label: '确认时间', children: formatDateTime(child.birthOrderConfirmedAt) },
                ]}
              />
              <Table<ChildRoster>
                size="small"
                rowKey={(r) => r.rosterId}
                pagination={false}
                dataSource={child.rosters}
                title={() => '在册记录'}
                columns={[
                  { title: '月份', dataIndex: 'month', key: 'month', render: (m: string) => monthLabel(m) },
                  { title: '版本', dataIndex: 'version', key: 'version' },
                  {
                    title: '花名册状态',
                    dataIndex: 'status',
                    key: 'status',
                    render: (s: string) => <StatusTag status={s} labels={ROSTER_STATUS_LABELS} />,
                  },
                ]}
              />
              <Typography.Text strong>更正孩次</Typography.Text>
              <Space wrap>
                <label htmlFor="birth-order">孩次</label>
                <Select
                  id="birth-order"
                  style={{ width: 120 }}
                  value={order}
                  onChange={(v: number) => setOrder(v)}
                  options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: birthOrderLabel(n) }))}
                />
                <label htmlFor="birth-order-reason">依据（如户口簿、出生医学证明）</label>
                <Input id="birth-order-reason" style={{ width: 300 }} value={reason} onChange={(e) => setReason(e.target.value)} />
                <Button onClick={() => void correct()} disabled={order === undefined || !reason.trim()}>
                  保存更正
                </Button>
              </Space>
              <ErrorAlert error={fixError} />
            </Space>
          </Card>
        ) : null}
      </Space>
    </>
  );
}
