import { LivenessError } from '../errors.js';

export interface UploadRequest {
  url: string;
  form: FormData;
  headers: Record<string, string>;
  credentials: RequestCredentials;
  /** Called with the share of the body sent, 0–1. */
  onProgress(sent: number): void;
  signal: AbortSignal;
}

export interface UploadAnswer {
  status: number;
  body: string;
}

/**
 * Sends the take with XMLHttpRequest: fetch (and ky on top of it) reports no upload progress in Firefox or Safari,
 * and a 6 MB upload on a slow line needs a visible one. A network failure rejects with `network`; an abort with
 * the signal's reason.
 */
export function xhrUpload(request: UploadRequest): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) return reject(request.signal.reason);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', request.url);
    xhr.withCredentials = request.credentials === 'include';
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress(event.loaded / event.total);
    });
    const onAbort = () => xhr.abort();
    request.signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => request.signal.removeEventListener('abort', onAbort);
    xhr.addEventListener('load', () => {
      settle();
      resolve({ status: xhr.status, body: xhr.responseText });
    });
    xhr.addEventListener('error', () => {
      settle();
      reject(new LivenessError('network', `The upload to ${request.url} failed.`));
    });
    xhr.addEventListener('abort', () => {
      settle();
      reject(request.signal.reason ?? new DOMException('The upload was aborted.', 'AbortError'));
    });
    xhr.send(request.form);
  });
}

/** Waits before each retry of a failed upload: a dropped line often comes back within seconds. */
export const UPLOAD_RETRY_DELAYS_MS = [1000, 3000];
