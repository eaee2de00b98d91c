import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** The one heading of a page (h1), with an optional line of explanation under it. */
export function PageTitle({ children, intro }: { children: ReactNode; intro?: ReactNode }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0, marginBottom: intro ? 4 : 0 }}>
        {children}
      </Typography.Title>
      {intro ? <Typography.Paragraph style={{ marginBottom: 0 }}>{intro}</Typography.Paragraph> : null}
    </div>
  );
}
