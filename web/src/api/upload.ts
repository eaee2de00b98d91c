import { csrfHeaders, reportSessionEnded } from './client';
import { ApiError } from './errors';

export interface UploadOptions {
  method: 'POST' | 'PUT';
  /** 0–100 while the file is being sent */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  /** text fields sent before the file (e.g. a document's `kind`) */
  fields?: Record<string, string>;
}

/**
 * Sends a file as multipart field `file`. XMLHttpRequest rather than fetch, because only it reports upload
 * progress. Same session cookie and CSRF header as every other call.
 */
export function uploadFile<T>(url: string, file: File, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', 'zh-CN');
    for (const [name, value] of Object.entries(csrfHeaders(options.method))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(ApiError.network());
    xhr.onabort = () => reject(ApiError.network());
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      if (xhr.status === 401) reportSessionEnded();
      reject(ApiError.from(xhr.status, body, xhr.getResponseHeader('x-request-id')));
    };
    options.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
