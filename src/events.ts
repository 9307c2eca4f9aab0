import type { LivenessErrorReason } from './errors.js';

export interface LivenessCodeDetail {
  /** The digits as a string: leading zeros are kept. */
  code: string;
}

export interface LivenessErrorDetail {
  reason: LivenessErrorReason;
  /** A sentence for the person, in the element's language, saying what to do next. */
  message: string;
  status?: number;
  upstreamCode?: string;
  /** The upstream's own message, untranslated, for logs and support. */
  upstreamMessage?: string;
  requestId?: string;
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

declare global {
  interface GlobalEventHandlersEventMap {
    'liveness-code': LivenessCodeEvent;
    'liveness-error': LivenessErrorEvent;
  }
}
