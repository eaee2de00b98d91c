import { Alert, Button, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/error-alert';
import { useConfirm } from '../../components/use-confirm';
import { DISCREPANCY_KIND_LABELS, labelOf } from '../../lib/labels';

/**
 * 「确认已拨付/关闭」 (`POST /api/v1/settlements/:id/close`, finance): APPROVED → PAID when every institution was paid
 * exactly what it is owed. Otherwise the server answers 409 NOT_RECONCILED with one detail per discrepancy
 * (`field: institutions.<id>`, code UNDERPAID / OVERPAID / PAID_NOT_OWED): shown here, institution by institution.
 */
export function SettlementCloseButton({
  settlementId,
  matched,
  names,
  onClosed,
}: {
  settlementId: string;
  matched: boolean;
  /** institution id → name, to name each discrepancy the server lists */
  names: Map<string, string>;
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

  const refused = error instanceof ApiError && error.code === 'NOT_RECONCILED' ? error : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} className="settlement-close">
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        各机构都已按应拨金额拨付后，确认本月拨付完毕并关闭本月（状态变为“已拨付”）。录入的支付使各机构已拨与应拨一致时，系统也会自动关闭。
      </Typography.Paragraph>
      <div>
        <Button
          type="primary"
          data-action="close-settlement"
          loading={busy}
          onClick={() =>
            ask('确认本月已全部拨付并关闭？', () => void close(), {
              description: matched ? '各机构已拨金额与应拨相符。' : '仍有差异：系统将拒绝关闭并列出差异。',
              okText: '确认已拨付并关闭',
            })
          }
        >
          确认已拨付/关闭
        </Button>
      </div>
      {refused ? (
        <div role="alert" className="close-refused">
          <Alert
            type="error"
            showIcon
            title="未能关闭：仍有机构的已拨金额与应拨不符"
            description={
              <>
                <div>{refused.body.message}</div>
                <List
                  size="small"
                  dataSource={refused.details}
                  renderItem={(d) => {
                    const id = d.field.replace(/^institutions\./, '');
                    return (
                      <List.Item>
                        {names.get(id) ?? id}：{labelOf(DISCREPANCY_KIND_LABELS, d.code)}（{d.message}）
                      </List.Item>
                    );
                  }}
                />
                {refused.body.requestId ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    请求编号：{refused.body.requestId}（{refused.code}）
                  </Typography.Text>
                ) : null}
              </>
            }
          />
        </div>
      ) : (
        <ErrorAlert error={error} />
      )}
    </Space>
  );
}
