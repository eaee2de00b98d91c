import { InboxOutlined } from '@ant-design/icons';
import { Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { uploadFile } from '../api/upload';
import { ErrorAlert } from './error-alert';

/**
 * A .xlsx/.csv upload with a progress bar (sending the file, then the server checking it) and, on 422, the
 * table of every problem by spreadsheet row. `onUploaded` gets the server's answer.
 */
export function FileUpload<T>({
  url,
  method,
  label,
  hint,
  onUploaded,
}: {
  url: string;
  method: 'POST' | 'PUT';
  label: string;
  hint: string;
  onUploaded: (answer: T) => void | Promise<void>;
}) {
  const [percent, setPercent] = useState<number | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fileName, setFileName] = useState<string | null>(null);

  const start = async (file: File) => {
    setError(null);
    setFileName(file.name);
    setPercent(0);
    setChecking(false);
    try {
      const answer = await uploadFile<T>(url, file, {
        method,
        onProgress: (p) => {
          setPercent(p);
          if (p >= 100) setChecking(true);
        },
      });
      setPercent(null);
      await onUploaded(answer);
    } catch (e) {
      setPercent(null);
      setError(e);
    } finally {
      setChecking(false);
    }
  };

  const busy = percent !== null;
  return (
    <div className="file-upload">
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        customRequest={({ file }) => void start(file as File)}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">{label}</p>
        <p className="ant-upload-hint">{hint}</p>
      </Upload.Dragger>
      {busy ? (
        <div style={{ marginTop: 12 }} aria-live="polite">
          <Typography.Text>{checking ? `正在校验 ${fileName}…` : `正在上传 ${fileName}…`}</Typography.Text>
          <Progress percent={percent ?? 0} status="active" aria-label="上传进度" />
        </div>
      ) : null}
      {error ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={error} fileRows title={`${fileName ?? '文件'}未能导入，没有保存任何内容`} />
        </div>
      ) : null}
    </div>
  );
}
