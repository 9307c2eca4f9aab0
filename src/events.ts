import type { LivenessErrorReason } from './errors.js';
import type { LivenessResult } from './protocol/wire.js';

export interface LivenessCodeDetail {
  /** The digits as a string: leading zeros are kept. */
  code: string;
}

export interface LivenessErrorDetail {
  reason: LivenessErrorReason;
  /** A sentence for the person, in the element's language, saying what to do next. */
  message: string;
  status?: number | undefined;
  upstreamCode?: string | undefined;
  /** The upstream's own message, untranslated, for logs and support. */
  upstreamMessage?: string | undefined;
  requestId?: string | undefined;
  /**
   * What failed underneath, as plain text for logs and support: each error's name and message, e.g.
   * `LivenessError: … ← SyntaxError: …`. Untranslated, never rendered by the element; treat it as text, not markup.
   */
  cause?: string | undefined;
}

export interface LivenessStartDetail {
  code: string;
  /** The container and codecs being written, e.g. `video/mp4;codecs=avc1.420020,opus`. */
  mimeType: string;
}

export interface LivenessCompleteDetail {
  /** The code the person was shown while recording: send it with the video. */
  code: string;
  blob: Blob;
  /** The true container and codecs of `blob` (also `blob.type`). */
  mimeType: string;
  durationMs: number;
  width: number;
  height: number;
  /** Bytes. */
  size: number;
  /** True for WebM (no MP4 route in this browser): the verification APIs need the server to transcode it. */
  needsTranscode: boolean;
}

export interface LivenessSubmittedDetail {
  code: string;
  /** The verification's answer: `passed` is the decision, `sim` the similarity when there is one. */
  result: LivenessResult;
}

const eventInit = { bubbles: true, composed: true } as const;

/** A new code is shown. */
export class LivenessCodeEvent extends CustomEvent<LivenessCodeDetail> {
  static readonly type = 'liveness-code';
  constructor(detail: LivenessCodeDetail) {
    super(LivenessCodeEvent.type, { ...eventInit, detail });
  }
}

/** Something failed; `detail.reason` says what, `detail.message` tells the person what to do. */
export class LivenessErrorEvent extends CustomEvent<LivenessErrorDetail> {
  static readonly type = 'liveness-error';
  constructor(detail: LivenessErrorDetail) {
    super(LivenessErrorEvent.type, { ...eventInit, detail });
  }
}

/** Frames are being recorded. */
export class LivenessStartEvent extends CustomEvent<LivenessStartDetail> {
  static readonly type = 'liveness-start';
  constructor(detail: LivenessStartDetail) {
    super(LivenessStartEvent.type, { ...eventInit, detail });
  }
}

/** A take is final: fired once per take, with the finished file. */
export class LivenessCompleteEvent extends CustomEvent<LivenessCompleteDetail> {
  static readonly type = 'liveness-complete';
  constructor(detail: LivenessCompleteDetail) {
    super(LivenessCompleteEvent.type, { ...eventInit, detail });
  }
}

/** The take was uploaded to `submit-endpoint` and verified (passed or not: see `detail.result.passed`). */
export class LivenessSubmittedEvent extends CustomEvent<LivenessSubmittedDetail> {
  static readonly type = 'liveness-submitted';
  constructor(detail: LivenessSubmittedDetail) {
    super(LivenessSubmittedEvent.type, { ...eventInit, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'liveness-code': LivenessCodeEvent;
    'liveness-error': LivenessErrorEvent;
    'liveness-start': LivenessStartEvent;
    'liveness-complete': LivenessCompleteEvent;
    'liveness-submitted': LivenessSubmittedEvent;
  }
}
