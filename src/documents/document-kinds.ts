import type { DocumentKind } from '../generated/prisma/enums';

/** Chinese names of the filing document kinds (国卫办人口发〔2019〕25号), as people see them. */
export const DOCUMENT_KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  BUSINESS_LICENSE: '营业执照或法人登记证书',
  PREMISES: '场地证明',
  FIRE_SAFETY: '消防安全检查合格证明',
  HEALTH_EVALUATION: '卫生评价报告',
  STAFF_CERTIFICATES: '从业人员资格证书及健康证明',
  FOOD_LICENSE: '食品经营许可证',
  FILING_FORM: '备案书',
  COMMITMENT: '承诺书',
  OTHER: '其他材料',
};

/** Kinds every filing needs; FOOD_LICENSE is added when the institution serves meals. OTHER is never required. */
const ALWAYS_REQUIRED: readonly DocumentKind[] = [
  'BUSINESS_LICENSE',
  'PREMISES',
  'FIRE_SAFETY',
  'HEALTH_EVALUATION',
  'STAFF_CERTIFICATES',
  'FILING_FORM',
  'COMMITMENT',
];

export function requiredKinds(institution: { servesMeals: boolean }): DocumentKind[] {
  return institution.servesMeals ? [...ALWAYS_REQUIRED, 'FOOD_LICENSE'] : [...ALWAYS_REQUIRED];
}

/** The required kinds not among `present`, each as a 422 detail (field `documents`, docs/api.md) naming the kind in Chinese. */
export function missingKindProblems(
  institution: { servesMeals: boolean },
  present: Iterable<DocumentKind>,
): { field: string; code: string; message: string }[] {
  const have = new Set(present);
  return requiredKinds(institution)
    .filter((kind) => !have.has(kind))
    .map((kind) => ({ field: 'documents', code: 'DOCUMENT_MISSING', message: `缺少备案材料：${DOCUMENT_KIND_LABELS[kind]}（${kind}）` }));
}

/** Kinds of which an institution keeps one current document: a new upload replaces the previous one (kept in the history). */
export function replacesPrevious(kind: DocumentKind): boolean {
  return kind !== 'OTHER';
}

/** Content types accepted, recognised from the first bytes of the file (never from its name or the client's header). */
export type AllowedContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** Bytes needed to recognise every allowed type. */
export const SNIFF_BYTES = 8;

const SIGNATURES: { type: AllowedContentType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The allowed type the file's first bytes announce, or null (an executable, a Word file, a renamed anything else). */
export function sniffContentType(head: Uint8Array): AllowedContentType | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.type ?? null;
}

/** `attachment` with an ASCII fallback name and the real (Chinese) name in RFC 5987 `filename*`. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'document';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
