import { Button, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { useLoad } from '../../components/use-load';
import { formatDate } from '../../lib/dates';
import { DOCUMENT_KIND_LABELS, labelOf } from '../../lib/labels';

type FilingDocument = components['schemas']['DocumentView'];

/**
 * The reviewer's view of a submitted filing's materials (备案材料): each current document to open, and a reason per
 * document that needs replacing; the filing is returned with the overall reason and those reasons.
 */
export function FilingReview({
  institutionId,
  busy,
  onReturn,
}: {
  institutionId: string;
  busy: boolean;
  onReturn: (reason: string, documents: { documentId: string; reason: string }[]) => Promise<void>;
}) {
  const docs = useLoad(
    () => call(api.GET('/api/v1/institutions/{id}/documents', { params: { path: { id: institutionId } } })),
    [institutionId],
  );
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const perDocument = Object.entries(reasons)
    .filter(([, r]) => r.trim())
    .map(([documentId, r]) => ({ documentId, reason: r.trim() }));
  return (
    <div className="filing-review">
      <ErrorAlert error={docs.error} />
      <Table<FilingDocument>
        size="small"
        rowKey="id"
        pagination={false}
        loading={docs.loading}
        dataSource={docs.data ?? []}
        locale={{ emptyText: '没有上传备案材料' }}
        columns={[
          { title: '材料', dataIndex: 'kind', key: 'kind', width: 200, render: (k: string) => labelOf(DOCUMENT_KIND_LABELS, k) },
          {
            title: '文件',
            key: 'file',
            render: (_: unknown, d: FilingDocument) => (
              <a href={`/api/v1/documents/${d.id}/content`} download={d.fileName} style={{ textDecoration: 'underline' }}>
                {d.fileName}
              </a>
            ),
          },
          {
            title: '有效期至',
            dataIndex: 'expiresOn',
            key: 'expires',
            width: 120,
            render: (v: string | null) => (v ? formatDate(v) : '—'),
          },
          {
            title: '需要更换的原因（不填表示无问题）',
            key: 'reason',
            width: 340,
            render: (_: unknown, d: FilingDocument) => (
              <Input
                aria-label={`${labelOf(DOCUMENT_KIND_LABELS, d.kind)}需要更换的原因`}
                maxLength={500}
                value={reasons[d.id] ?? ''}
                onChange={(e) => setReasons({ ...reasons, [d.id]: e.target.value })}
              />
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <label htmlFor={`return-filing-${institutionId}`}>退回原因</label>
        <Input
          id={`return-filing-${institutionId}`}
          style={{ width: 320 }}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <Button danger loading={busy} disabled={!reason.trim()} onClick={() => void onReturn(reason.trim(), perDocument)}>
          退回备案{perDocument.length ? `（${perDocument.length} 份材料需更换）` : ''}
        </Button>
      </Space>
    </div>
  );
}
