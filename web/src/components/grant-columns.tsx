import type { components } from '../api/schema';
import { FUNDING_SOURCE_LABELS, GRANT_KIND_LABELS, GRANT_STATUS_LABELS, labelOf } from '../lib/labels';
import { formatFen } from '../lib/money';
import { StatusTag } from './status-tag';

type Grant = components['schemas']['GrantView'];

/** The columns every list of grants shows: kind, year, status, and each funding source's amount with what is paid. */
export function grantColumns(amountTitle: string) {
  return [
    { title: '类别', dataIndex: 'kind', key: 'kind', render: (k: string) => labelOf(GRANT_KIND_LABELS, k) },
    { title: '年度', dataIndex: 'year', key: 'year' },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      render: (s: string) => <StatusTag status={s} labels={GRANT_STATUS_LABELS} />,
    },
    {
      title: amountTitle,
      key: 'amount',
      render: (_: unknown, g: Grant) =>
        g.components
          .map((c) => `${labelOf(FUNDING_SOURCE_LABELS, c.source)} ${formatFen(c.amountFen)}（已拨 ${formatFen(c.paidFen)}）`)
          .join('；'),
    },
  ];
}
