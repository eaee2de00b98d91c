import { Alert, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography, Upload, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { uploadFile } from '../../api/upload';
import { ErrorAlert } from '../../components/error-alert';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime } from '../../lib/dates';
import { DOCUMENT_KIND_LABELS, labelOf } from '../../lib/labels';

type FilingDocument = components['schemas']['DocumentView'];

/** Kinds every filing needs (src/documents/document-kinds.ts); FOOD_LICENSE when meals are served; OTHER optional. */
const REQUIRED = ['BUSINESS_LICENSE', 'PREMISES', 'FIRE_SAFETY', 'HEALTH_EVALUATION', 'STAFF_CERTIFICATES', 'FILING_FORM', 'COMMITMENT'];
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

interface Row {
  kind: string;
  required: boolean;
  documents: FilingDocument[];
}

function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * 备案材料: every required kind with its current document (download, upload, replace, remove while the filing is
 * editable) and the reviewer's reason when a document was returned.
 */
export function FilingDocuments({
  institutionId,
  editable,
  servesMeals,
  version,
}: {
  institutionId: string;
  editable: boolean;
  servesMeals: boolean;
  /** reloads when the institution changes (submitted, returned) */
  version: string;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busyKind, setBusyKind] = useState<string | null>(null);
  /** optional expiry date (有效期至) per kind, sent with the next upload of that kind */
  const [expiry, setExpiry] = useState<Record<string, string>>({});
  const [toast, toastHolder] = message.useMessage();
  const {
    data,
    error: loadError,
    reload,
  } = useLoad(
    () => call(api.GET('/api/v1/institutions/{id}/documents', { params: { path: { id: institutionId } } })),
    [institutionId, version],
  );

  const upload = async (kind: string, file: File) => {
    setError(null);
    setBusyKind(kind);
    try {
      const expiresOn = expiry[kind];
      await uploadFile<FilingDocument>(`/api/v1/institutions/${institutionId}/documents`, file, {
        method: 'POST',
        fields: { kind, ...(expiresOn ? { expiresOn } : {}) },
      });
      setExpiry((current) => ({ ...current, [kind]: '' }));
      toast.success(`已上传：${labelOf(DOCUMENT_KIND_LABELS, kind)}`);
      await reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusyKind(null);
    }
  };

  const remove = async (doc: FilingDocument) => {
    setError(null);
    try {
      await call(api.DELETE('/api/v1/documents/{id}', { params: { path: { id: doc.id } } }));
      toast.success(`已删除：${doc.fileName}（保留在历史记录中）`);
      await reload();
    } catch (e) {
      setError(e);
    }
  };

  const documents = data ?? [];
  const kinds = [...REQUIRED, ...(servesMeals ? ['FOOD_LICENSE'] : []), 'OTHER'];
  const rows: Row[] = kinds.map((kind) => ({
    kind,
    required: kind !== 'OTHER',
    documents: documents.filter((d) => d.kind === kind),
  }));
  const missing = rows.filter((r) => r.required && r.documents.length === 0).length;
  const returned = documents.filter((d) => d.returnReason);

  return (
    <Card title="备案材料">
      {toastHolder}
      <Typography.Paragraph type="secondary">
        支持 PDF、JPG、PNG 文件，每个不超过 10
        MB（按文件内容识别类型）。有有效期的材料（如消防安全检查合格证明）请在上传前填写有效期，到期前 30
        天区卫生健康局会收到提示。再次上传同类材料会替换原材料，原材料保留在历史记录中。
      </Typography.Paragraph>
      {returned.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={`有 ${returned.length} 份材料需要重新上传`}
          description="请按下表中的审核意见替换相应材料后重新提交。"
        />
      ) : null}
      {missing > 0 && editable ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`还缺 ${missing} 项必需材料，补齐后才能提交备案`} />
      ) : null}
      <ErrorAlert error={loadError ?? error} />
      <Table<Row>
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={rows}
        loading={!data && !loadError}
        columns={[
          {
            title: '材料',
            key: 'kind',
            width: 240,
            render: (_, row) => (
              <Space>
                {labelOf(DOCUMENT_KIND_LABELS, row.kind)}
                {row.required && row.documents.length === 0 ? <Tag color="red">未上传</Tag> : null}
              </Space>
            ),
          },
          {
            title: '文件',
            key: 'files',
            render: (_, row) =>
              row.documents.length === 0 ? (
                '—'
              ) : (
                <Space orientation="vertical" size={2}>
                  {row.documents.map((d) => (
                    <span key={d.id}>
                      <a href={`/api/v1/documents/${d.id}/content`} download={d.fileName} style={{ textDecoration: 'underline' }}>
                        {d.fileName}
                      </a>{' '}
                      <Typography.Text type="secondary">
                        {size(d.sizeBytes)} · {formatDateTime(d.uploadedAt)}
                        {d.expiresOn ? ` · 有效期至 ${formatDate(d.expiresOn)}` : ''}
                      </Typography.Text>
                    </span>
                  ))}
                </Space>
              ),
          },
          {
            title: '审核意见',
            key: 'reason',
            width: 260,
            render: (_, row) =>
              row.documents
                .filter((d) => d.returnReason)
                .map((d) => (
                  <Typography.Text key={d.id} type="danger">
                    退回：{d.returnReason}
                  </Typography.Text>
                )),
          },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 330,
                  render: (_: unknown, row: Row) => (
                    <Space data-kind={row.kind} wrap>
                      <Input
                        type="date"
                        size="small"
                        style={{ width: 130 }}
                        aria-label={`${labelOf(DOCUMENT_KIND_LABELS, row.kind)}有效期至（可选）`}
                        title="有效期至（可选，上传前填写）"
                        value={expiry[row.kind] ?? ''}
                        onChange={(e) => setExpiry((current) => ({ ...current, [row.kind]: e.target.value }))}
                      />
                      <Upload
                        accept={ACCEPT}
                        multiple={false}
                        showUploadList={false}
                        customRequest={({ file }) => void upload(row.kind, file as File)}
                      >
                        <Button size="small" loading={busyKind === row.kind} aria-label={`上传${labelOf(DOCUMENT_KIND_LABELS, row.kind)}`}>
                          {row.documents.length && row.kind !== 'OTHER' ? '替换' : '上传'}
                        </Button>
                      </Upload>
                      {row.documents.map((d) => (
                        <Popconfirm
                          key={d.id}
                          title="删除材料"
                          description={`删除“${d.fileName}”？删除后保留在历史记录中。`}
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() => remove(d)}
                        >
                          <Button size="small" danger aria-label={`删除${d.fileName}`}>
                            删除
                          </Button>
                        </Popconfirm>
                      ))}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
