import { Alert, Button, Card, Descriptions, Input, Select, Space, Table, Typography, message } from 'antd';
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
  const [revealReason, setRevealReason] = useState('');
  const [revealed, setRevealed] = useState<string | null>(null);
  const [revealError, setRevealError] = useState<unknown>(null);
  const [newName, setNewName] = useState('');
  const [nameReason, setNameReason] = useState('');
  const [nameError, setNameError] = useState<unknown>(null);

  const lookup = async () => {
    setBusy(true);
    setError(null);
    setChild(null);
    setRevealed(null);
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

  const reveal = async () => {
    if (!child) return;
    setRevealError(null);
    try {
      const answer = await call(
        api.GET('/api/v1/children/{id}/id-number', { params: { path: { id: child.id }, query: { reason: revealReason.trim() } } }),
      );
      setRevealed(answer.idNumber);
      setRevealReason('');
    } catch (e) {
      setRevealError(e);
    }
  };

  const correctName = async () => {
    if (!child) return;
    setNameError(null);
    try {
      const fixed = await call(
        api.PATCH('/api/v1/children/{id}/name', {
          params: { path: { id: child.id } },
          body: { name: newName.trim(), reason: nameReason.trim() },
        }),
      );
      setChild(fixed);
      setNewName('');
      setNameReason('');
      void toast.success('姓名已更正');
    } catch (e) {
      setNameError(e);
    }
  };

  return (
    <>
      {holder}
      <PageTitle intro="按家长报出的身份证号查找儿童；号码只在本页表单中提交，不出现在网址中。找到后可更正孩次和姓名，确有需要时可说明原因查看完整号码。">
        儿童查询
      </PageTitle>
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
              <Typography.Text strong>查看完整身份证号</Typography.Text>
              <Typography.Text>完整号码只在确有需要时查看（如核对户口簿），须写明原因；每次查看都记入审计日志。</Typography.Text>
              {revealed ? (
                <Alert
                  className="revealed-id"
                  type="warning"
                  showIcon
                  title={
                    <span>
                      完整身份证号：<Typography.Text strong>{revealed}</Typography.Text>
                    </span>
                  }
                  action={
                    <Button size="small" onClick={() => setRevealed(null)}>
                      隐藏号码
                    </Button>
                  }
                />
              ) : (
                <Space wrap>
                  <label htmlFor="reveal-reason">查看原因</label>
                  <Input
                    id="reveal-reason"
                    style={{ width: 360 }}
                    maxLength={200}
                    placeholder="如：家长来电核对出生医学证明"
                    value={revealReason}
                    onChange={(e) => setRevealReason(e.target.value)}
                  />
                  <Button onClick={() => void reveal()} disabled={!revealReason.trim()}>
                    查看完整号码
                  </Button>
                </Space>
              )}
              <ErrorAlert error={revealError} />
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
              <Typography.Text strong>更正姓名</Typography.Text>
              <Space wrap>
                <label htmlFor="child-new-name">正确的姓名</label>
                <Input
                  id="child-new-name"
                  style={{ width: 160 }}
                  maxLength={50}
                  value={newName}
                  onChange={(e) => setNewName(e.target.value)}
                />
                <label htmlFor="child-name-reason">姓名更正原因</label>
                <Input id="child-name-reason" style={{ width: 300 }} value={nameReason} onChange={(e) => setNameReason(e.target.value)} />
                <Button onClick={() => void correctName()} disabled={!newName.trim() || !nameReason.trim()}>
                  保存姓名
                </Button>
              </Space>
              <ErrorAlert error={nameError} />
            </Space>
          </Card>
        ) : null}
      </Space>
    </>
  );
}
