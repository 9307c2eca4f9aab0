import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toLivenessError, type LivenessError } from '../errors.js';
import type { CodeRequestOptions, FetchedCode } from './request.js';

/**
 * The request (ky and the answer parsers) is a chunk of its own: the element's first download stays small, and
 * the chunk is asked for as soon as an element is created, so it is usually in before the first request needs it.
 */
export const loadCodeRequest = () => import('./request.js');

/** The element's settings a code request reads, at the moment it starts. */
export interface CodeHost extends ReactiveControllerHost {
  readonly endpoint: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly credentials: RequestCredentials;
  readonly timeout: number;
  /** Seconds a code stays good for a new take; `0`: no limit. */
  readonly codeTtl: number;
  readonly isConnected: boolean;
  /** Where a relative endpoint resolves (an element's `baseURI`). */
  readonly baseURI: string;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

export interface CodeCallbacks {
  /** How many digits a valid code has. */
  codeLength(): number;
  /** `loading`: a request starts (or waits for the host to be in the page); `idle`: there is no endpoint. */
  onWaiting(state: 'idle' | 'loading'): void;
  onCode(result: FetchedCode): void;
  onError(error: LivenessError): void;
}

/**
 * Owns the one code request in flight and the freshness of the code shown: a newer request aborts the older one, and
 * leaving the page aborts it too, so an answer that arrives late can never overwrite a newer code or fire an event
 * from a removed element.
 */
export class CodeController implements ReactiveController {
  private controller: AbortController | undefined;
  private inFlight: Promise<FetchedCode | undefined> | undefined;
  private shownAt = 0;

  constructor(
    private readonly host: CodeHost,
    private readonly callbacks: CodeCallbacks,
    /** The clock freshness is measured with (milliseconds). */
    private readonly now: () => number = () => performance.now(),
  ) {
    host.addController(this);
    loadCodeRequest().catch(() => {});
  }

  /** The request in flight, if any: it resolves as `fetchCode()`'s promise does. */
  get pending(): Promise<FetchedCode | undefined> | undefined {
    return this.controller ? this.inFlight : undefined;
  }

  /** Whether the last code shown is young enough for a new take (`code-ttl`). */
  get fresh(): boolean {
    return this.host.codeTtl <= 0 || this.now() - this.shownAt < this.host.codeTtl * 1000;
  }

  /**
   * Asks the endpoint for a new code. Resolves with it once the callbacks have seen it; `undefined` when there is no
   * endpoint, the host is out of the page (the request waits for `hostConnected`), or it failed or was superseded.
   */
  fetchCode(): Promise<FetchedCode | undefined> {
    const { host } = this;
    if (!host.endpoint) {
      this.abort();
      this.callbacks.onWaiting('idle');
      return Promise.resolve(undefined);
    }
    this.callbacks.onWaiting('loading');
    if (!host.isConnected) {
      // Nothing fires from outside the page: hostConnected picks the pending request up again.
      this.abort();
      return Promise.resolve(undefined);
    }
    return this.request({
      endpoint: host.endpoint,
      method: host.method,
      headers: host.headers,
      credentials: host.credentials,
      timeout: host.timeout,
      codeLength: this.callbacks.codeLength(),
      baseUrl: host.baseURI,
      fetch: (input, init) => host.fetch(input, init),
    });
  }

  /**
   * The code for a new take: `onScreen` (unless a fresh one is wanted, or it is past `code-ttl`), else the one on its
   * way, else a new one. A request superseded meanwhile (the endpoint changed) hands over to its successor.
   */
  async codeForTake(onScreen: string | undefined, fresh: boolean): Promise<string | undefined> {
    if (!fresh && onScreen !== undefined && this.fresh) return onScreen;
    let pending = this.pending ?? this.fetchCode();
    for (;;) {
      const result = await pending;
      if (result) return result.code;
      const successor = this.pending;
      if (!successor) return undefined;
      pending = successor;
    }
  }

  private request(options: Omit<CodeRequestOptions, 'signal'>): Promise<FetchedCode | undefined> {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.inFlight = this.run(options, controller);
    return this.inFlight;
  }

  private async run(
    options: Omit<CodeRequestOptions, 'signal'>,
    controller: AbortController,
  ): Promise<FetchedCode | undefined> {
    try {
      const { requestCode } = await loadCodeRequest();
      if (controller.signal.aborted) return undefined;
      const result = await requestCode({ ...options, signal: controller.signal });
      if (controller.signal.aborted) return undefined;
      this.controller = undefined;
      this.shownAt = this.now();
      this.callbacks.onCode(result);
      return result;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      this.controller = undefined;
      this.callbacks.onError(toLivenessError(error, 'network'));
      return undefined;
    }
  }

  abort(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  hostDisconnected(): void {
    this.abort();
  }
}
