import { Button } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/error-alert';
import { useConfirm } from '../../components/use-confirm';

/**
 * "Close as paid" (`POST /api/v1/settlements/:id/close`, finance): APPROVED → PAID when every institution was paid
 * exactly what it is owed; otherwise the server answers 409 NOT_RECONCILED listing each discrepancy, shown here.
 */
export function SettlementCloseButton({
  settlementId,
  matched,
  onClosed,
}: {
  settlementId: string;
  matched: boolean;
  onClosed: () => Promise<void>;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ask = useConfirm();

  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(api.POST('/api/v1/settlements/{id}/close', { params: { path: { id: settlementId } } }));
      await onClosed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Button
        type="primary"
        loading={busy}
        onClick={() =>
          ask('确认本月已全部拨付？', () => void close(), {
            description: matched ? '各机构已拨金额与应拨相符。' : '仍有差异：服务器将拒绝并列出差异。',
            okText: '确认拨付完毕',
          })
        }
      >
        确认拨付完毕（结案）
      </Button>
      <ErrorAlert error={error} />
    </div>
  );
}
