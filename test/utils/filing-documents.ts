import type { TestApp } from './test-app';

/** A tiny but real PDF (the type is recognised from the bytes: `%PDF-`). */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The first bytes of a PNG. */
export const PNG_BYTES = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** Every kind a filing needs, FOOD_LICENSE only for an institution that serves meals (src/documents/document-kinds.ts). */
export const REQUIRED_KINDS = [
  'BUSINESS_LICENSE',
  'PREMISES',
  'FIRE_SAFETY',
  'HEALTH_EVALUATION',
  'STAFF_CERTIFICATES',
  'FILING_FORM',
  'COMMITMENT',
] as const;

type Auth = { Authorization: string };

/** Uploads one document through the API; answers the response (201 with the document, or the refusal). */
export function uploadDocument(
  t: TestApp,
  auth: Auth,
  institutionId: string,
  kind: string,
  options: { fileName?: string; content?: Buffer; expiresOn?: string } = {},
) {
  const req = t.http().post(`/api/v1/institutions/${institutionId}/documents`).set(auth).field('kind', kind);
  if (options.expiresOn) req.field('expiresOn', options.expiresOn);
  return req.attach('file', options.content ?? PDF_BYTES, { filename: options.fileName ?? `${kind}.pdf`, contentType: 'application/pdf' });
}

/** Uploads a PDF of every required kind (and FOOD_LICENSE when `servesMeals`), so the filing can be submitted. */
export async function uploadRequiredDocuments(t: TestApp, auth: Auth, institutionId: string, options: { servesMeals?: boolean } = {}) {
  const kinds = [...REQUIRED_KINDS, ...(options.servesMeals ? ['FOOD_LICENSE'] : [])];
  const ids: Record<string, string> = {};
  for (const kind of kinds) {
    const res = await uploadDocument(t, auth, institutionId, kind);
    if (res.status !== 201) throw new Error(`uploading ${kind} answered ${res.status}: ${JSON.stringify(res.body)}`);
    ids[kind] = res.body.id;
  }
  return ids;
}
