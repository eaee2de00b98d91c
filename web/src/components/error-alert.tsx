import { Alert, Table, Typography } from 'antd';
import { ApiError } from '../api/errors';
import { errorMessage } from '../lib/error-messages';
import { hasProblems, problemRows, type ProblemRow } from '../lib/problems';

const COLUMNS = [
  { title: '位置', dataIndex: 'where', key: 'where', width: 90 },
  { title: '列 / 项目', dataIndex: 'column', key: 'column', width: 140 },
  { title: '问题', dataIndex: 'message', key: 'message' },
  { title: '怎么改', dataIndex: 'hint', key: 'hint' },
];

/** Every problem of a 422, one table row each: where (spreadsheet row or form item), what is wrong, what to do. */
export function ProblemTable({ error, fileRows = false }: { error: ApiError; fileRows?: boolean }) {
  const rows = problemRows(error.details, { fileRows });
  return (
    <Table<ProblemRow>
      className="problem-table"
      size="small"
      rowKey="key"
      columns={COLUMNS}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      title={() => <span>共 {rows.length} 处问题，请全部改正后重新提交</span>}
    />
  );
}

/**
 * A failed call shown to a person: the Chinese message, the request id to quote, and for 422 the table of every
 * problem. Anything that is not an ApiError is shown as a generic failure.
 */
export function ErrorAlert({ error, fileRows = false, title }: { error: unknown; fileRows?: boolean; title?: string }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : ApiError.from(500, null);
  const message = errorMessage(apiError);
  return (
    <div className="error-alert" role="alert">
      <Alert
        type="error"
        showIcon
        title={title ?? message}
        description={
          <>
            {title ? <div>{message}</div> : null}
            {apiError.body.requestId ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                请求编号：{apiError.body.requestId}（{apiError.code}）
              </Typography.Text>
            ) : null}
          </>
        }
      />
      {hasProblems(apiError) ? (
        <div style={{ marginTop: 12 }}>
          <ProblemTable error={apiError} fileRows={fileRows} />
        </div>
      ) : null}
    </div>
  );
}
