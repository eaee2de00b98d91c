import { Tag } from 'antd';
import { labelOf } from '../lib/labels';

/** Solid tags with white text: antd's light preset tags fall below 4.5:1 contrast. */
export const TAG_COLORS = { green: '#237804', blue: '#0958d9', gold: '#874d00', red: '#a8071a', orange: '#ad4e00' } as const;

const COLORS: Record<string, string> = {
  FILED: TAG_COLORS.green,
  APPROVED: TAG_COLORS.green,
  PAID: TAG_COLORS.green,
  LOCKED: TAG_COLORS.blue,
  PUBLISHED: TAG_COLORS.blue,
  SUBMITTED: TAG_COLORS.gold,
  COMPUTED: TAG_COLORS.gold,
  RUNNING: TAG_COLORS.gold,
  QUEUED: TAG_COLORS.gold,
  RETURNED: TAG_COLORS.red,
  FAILED: TAG_COLORS.red,
  MISSING: TAG_COLORS.red,
  SUSPENDED: TAG_COLORS.orange,
};

/** A status code as a coloured tag with its Chinese label. */
export function StatusTag({ status, labels }: { status: string; labels: Record<string, string> }) {
  return (
    <Tag variant="solid" color={COLORS[status] ?? 'default'}>
      {labelOf(labels, status)}
    </Tag>
  );
}
