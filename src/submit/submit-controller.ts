import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LivenessError, toLivenessError } from '../errors.js';
import type { LivenessCompleteDetail } from '../events.js';
import { sleep } from '../abort.js';
import { IDEMPOTENCY_KEY_HEADER, LIVENESS_CODE_FIELD, LIVENESS_VIDEO_FIELD } from '../protocol/wire.js';
import { parseSubmitAnswer, type LivenessResult } from './answer.js';
import { UPLOAD_RETRY_DELAYS_MS, type UploadAnswer, type UploadRequest } from './upload.js';

export interface SubmitTarget {
  url: string;
  fields: Record<string, string>;
  headers: Record<string, string>;
  credentials: RequestCredentials;
}

export interface SubmitCallbacks {
  onProgress(progress: number): void;
  onVerified(video: LivenessCompleteDetail, result: LivenessResult): void;
  onCancelled(video: LivenessCompleteDetail): void;
  onFailed(video: LivenessCompleteDetail, error: LivenessError): void;
  /** Sends one upload (the element's overridable `upload`). */
  upload(request: UploadRequest): Promise<UploadAnswer>;
}

/**
 * Owns the one upload in flight. A dropped connection is retried with the same Idempotency-Key, so a verification
 * the server already ran is answered from its cache instead of running twice; the key stays with the take for a
 * later resend too. Leaving the page aborts the upload without a word.
 */
export class SubmitController implements ReactiveController {
  private controller: AbortController | undefined;
  private readonly keys = new WeakMap<Blob, string>();

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: SubmitCallbacks,
  ) {
    host.addController(this);
  }

  async submit(video: LivenessCompleteDetail, target: SubmitTarget): Promise<void> {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append(LIVENESS_CODE_FIELD, video.code);
    form.append(
      LIVENESS_VIDEO_FIELD,
      video.blob,
      `liveness-${video.code}.${video.mimeType.startsWith('video/webm') ? 'webm' : 'mp4'}`,
    );
    const request: UploadRequest = {
      url: target.url,
      form,
      headers: { ...target.headers, [IDEMPOTENCY_KEY_HEADER]: this.keyFor(video.blob) },
      credentials: target.credentials,
      signal: controller.signal,
      onProgress: (progress) => {
        if (this.controller === controller) this.callbacks.onProgress(progress);
      },
    };
    try {
      const answer = await this.uploadWithRetries(request);
      const result = parseSubmitAnswer(answer.status, answer.body);
      if (this.controller !== controller) return;
      this.controller = undefined;
      this.callbacks.onVerified(video, result);
    } catch (error) {
      if (this.controller !== controller) return;
      this.controller = undefined;
      if (controller.signal.aborted) this.callbacks.onCancelled(video);
      else this.callbacks.onFailed(video, toLivenessError(error, 'network'));
    }
  }

  /** The person cancelled: the callbacks hear of it. */
  cancel(): void {
    this.controller?.abort(new DOMException('The upload was cancelled.', 'AbortError'));
  }

  /** Superseded or left: silently. */
  abort(): void {
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort();
  }

  hostDisconnected(): void {
    this.abort();
  }

  private keyFor(blob: Blob): string {
    let key = this.keys.get(blob);
    if (!key) {
      key = crypto.randomUUID();
      this.keys.set(blob, key);
    }
    return key;
  }

  private async uploadWithRetries(request: UploadRequest): Promise<UploadAnswer> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.callbacks.upload(request);
      } catch (error) {
        const retryable = error instanceof LivenessError && error.reason === 'network';
        const delay = UPLOAD_RETRY_DELAYS_MS[attempt];
        if (!retryable || delay === undefined || request.signal.aborted) throw error;
        await sleep(delay, request.signal);
      }
    }
  }
}
