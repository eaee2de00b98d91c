import { Button, Input, Space } from 'antd';
import { useState } from 'react';

/** An action that needs a reason in words (return, suspend, close): a labelled field and its button. */
export function ReasonAction({
  id,
  label,
  button,
  busy,
  onSubmit,
}: {
  id: string;
  label: string;
  button: string;
  busy?: boolean;
  onSubmit: (reason: string) => void | Promise<void>;
}) {
  const [reason, setReason] = useState('');
  return (
    <Space wrap>
      <label htmlFor={id}>{label}</label>
      <Input id={id} style={{ width: 320 }} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Button danger loading={busy} disabled={!reason.trim()} onClick={() => void onSubmit(reason.trim())}>
        {button}
      </Button>
    </Space>
  );
}
