import { Button } from 'antd';
import { SETTLEMENT_STATUS_LABELS } from '../lib/labels';
import { monthLabel } from '../lib/months';
import { StatusTag } from './status-tag';

/**
 * The two columns every list of monthly settlements starts with: the month, as a link that selects the settlement
 * (`aria-current` on the selected one), and its status as a tag.
 */
export function settlementMonthColumns<T extends { id: string; month: string; status: string }>(
  selectedId: string | null | undefined,
  select: (id: string) => void,
) {
  return [
    {
      title: '月份',
      dataIndex: 'month',
      key: 'month',
      render: (m: string, s: T) => (
        <Button type="link" style={{ padding: 0 }} aria-current={s.id === selectedId} onClick={() => select(s.id)}>
          {monthLabel(m)}
        </Button>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      render: (s: string) => <StatusTag status={s} labels={SETTLEMENT_STATUS_LABELS} />,
    },
  ];
}
