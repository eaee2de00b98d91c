import { defineMessages } from '../common/i18n/messages';

export const DOCUMENTS_MESSAGES = defineMessages({
  DOCUMENT_MISSING: { zh: '缺少备案材料' },
  FILE_TYPE_NOT_ALLOWED: { zh: '只接受 PDF、JPEG 或 PNG 文件（按文件内容识别，与文件名无关）' },
  DOCUMENT_NOT_CURRENT: { zh: '该材料已被删除或替换，只保留在历史记录中' },
  DOCUMENT_NOT_FOUND: { zh: '退回理由指向的材料不是本机构当前的备案材料' },
  INVALID: { zh: (p) => `上传字段“${String(p.field ?? '')}”无效` },
  MULTIPART_REQUIRED: { zh: '请以 multipart/form-data 上传文件（字段 file）' },
  MULTIPART_INVALID: { zh: '上传内容不是有效的 multipart/form-data' },
});
