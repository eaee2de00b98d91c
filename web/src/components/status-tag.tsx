import { Tag } from 'antd';
import { labelOf } from '../lib/labels';

const COLORS: Record<string, string> = {
  FILED: 'green',
  APPROVED: 'green',
  PAID: 'green',
  LOCKED: 'blue',
  PUBLISHED: 'blue',
  SUBMITTED: 'gold',
  COMPUTED: 'gold',
  RUNNING: 'gold',
  QUEUED: 'gold',
  RETURNED: 'red',
  FAILED: 'red',
  MISSING: 'red',
  SUSPENDED: 'orange',
  CLOSED: 'default',
  DRAFT: 'default',
};

/** A status code as a coloured tag with its Chinese label. */
export function StatusTag({ status, labels }: { status: string; labels: Record<string, string> }) {
  return <Tag color={COLORS[status] ?? 'default'}>{labelOf(labels, status)}</Tag>;
}
