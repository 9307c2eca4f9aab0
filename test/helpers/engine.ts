/**
 * Which engine runs the test, for the few tests an engine's own limits decide (README "Browser support" lists
 * them). MiniBrowser (WebKitGTK) and Safari say AppleWebKit without Chrome; Chromium says both.
 */
export const isWebKit = /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Chromium/.test(navigator.userAgent);
export const isFirefox = navigator.userAgent.includes('Firefox');

/**
 * How long a take of `wallMs` must last in the file: within 0.5 s. In WebKit the lower bound is half the take:
 * WebKitGTK's mock camera and microphone draw their frames and samples on the CPU and fall behind real time on a
 * loaded machine (measured on 2 cores at load 20: 2.3 s of media in a 4 s take, while a canvas source recorded in
 * the same browser at the same time kept 3.7 s). Real cameras keep the hardware's clock.
 */
export function takeDurationRange(wallMs: number): [number, number] {
  return [isWebKit ? wallMs / 2 : wallMs - 500, wallMs + 500];
}
