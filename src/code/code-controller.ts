import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toLivenessError, type LivenessError } from '../errors.js';
import type { CodeRequestOptions, FetchedCode } from './request.js';

/**
 * The request (ky and the answer parsers) is a chunk of its own: the element's first download stays small, and
 * the chunk is asked for as soon as an element is created, so it is usually in before the first request needs it.
 */
export const loadCodeRequest = () => import('./request.js');

export interface CodeCallbacks {
  onCode(result: FetchedCode): void;
  onError(error: LivenessError): void;
}

/**
 * Owns the one code request in flight: a newer request aborts the older one, and leaving the page aborts it too,
 * so an answer that arrives late can never overwrite a newer code or fire an event from a removed element.
 */
export class CodeController implements ReactiveController {
  private controller: AbortController | undefined;
  private inFlight: Promise<FetchedCode | undefined> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly callbacks: CodeCallbacks,
  ) {
    host.addController(this);
    loadCodeRequest().catch(() => {});
  }

  /** The request in flight, if any: it resolves as `request()`'s promise does. */
  get pending(): Promise<FetchedCode | undefined> | undefined {
    return this.controller ? this.inFlight : undefined;
  }

  /** Resolves with the code once the callbacks have seen it; undefined when it failed or was superseded. */
  request(options: Omit<CodeRequestOptions, 'signal'>): Promise<FetchedCode | undefined> {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.inFlight = this.run(options, controller);
    return this.inFlight;
  }

  private async run(options: Omit<CodeRequestOptions, 'signal'>, controller: AbortController): Promise<FetchedCode | undefined> {
    try {
      const { requestCode } = await loadCodeRequest();
      if (controller.signal.aborted) return undefined;
      const result = await requestCode({ ...options, signal: controller.signal });
      if (controller.signal.aborted) return undefined;
      this.controller = undefined;
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
