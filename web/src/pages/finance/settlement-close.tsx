import { Button } from 'antd';
import { useState } from 'react';
import { csrfHeaders } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/error-alert';
import { useConfirm } from '../../components/use-confirm';

/**
 * PENDING SERVER: "close as paid" (`POST /api/v1/settlements/:id/close`, finance: APPROVED → PAID when every
 * institution is paid exactly, else 409 NOT_RECONCILED with the discrepancies). The endpoint is in the API contract
 * but not in the server's OpenAPI document yet, so it is called without the typed client and shown only when
 * `SETTLEMENT_CLOSE_AVAILABLE` is on. When the server has it: turn this on, run `npm run gen:api`, and call it with
 * `api.POST('/api/v1/settlements/{id}/close', …)` like the other actions.
 */
export const SETTLEMENT_CLOSE_AVAILABLE = false;

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
  if (!SETTLEMENT_CLOSE_AVAILABLE) return null;

  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      let response: Response;
      try {
        response = await fetch(`/api/v1/settlements/${settlementId}/close`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json', 'Accept-Language': 'zh-CN', ...csrfHeaders('POST') },
        });
      } catch {
        throw ApiError.network();
      }
      if (!response.ok) throw ApiError.from(response.status, await response.json().catch(() => null), response.headers.get('x-request-id'));
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
