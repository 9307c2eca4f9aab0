import { oneEvent } from '@open-wc/testing';
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import type { LivenessChallenge } from '../../src/liveness-challenge.js';
import { mockEndpoint } from './endpoint.js';

/**
 * Creates a connected element that records at once (no countdown), on codes 0001, 0002… unless an endpoint is given.
 * Chromium's fake microphone beeps for about 100 ms of every 500 ms, so a take stopped early can hold less sound
 * than the default speech check wants: tests about something else lower `min-speech-ms`; the speech tests set it.
 */
export function createChallenge(
  attributes: Record<string, string> = {},
  { defaultSpeechCheck = false } = {},
): LivenessChallenge {
  const element = document.createElement('liveness-challenge');
  element.setAttribute('lang', 'en');
  element.setAttribute('countdown', '0');
  if (!defaultSpeechCheck) element.setAttribute('min-speech-ms', '100');
  element.setAttribute('endpoint', mockEndpoint({ sequence: 1 }));
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
}

/**
 * Keeps every stream the element opens (through the real getUserMedia), so a test can check that each of its
 * tracks was ended. Only observes: the camera and microphone are the browser's fake devices.
 */
export function watchStreams(element: LivenessChallenge): MediaStream[] {
  const streams: MediaStream[] = [];
  const open = element.getUserMedia.bind(element);
  element.getUserMedia = async (constraints) => {
    const stream = await open(constraints);
    streams.push(stream);
    return stream;
  };
  return streams;
}

export function liveTracks(streams: MediaStream[]): MediaStreamTrack[] {
  return streams.flatMap((stream) => stream.getTracks()).filter((track) => track.readyState !== 'ended');
}

/** Records every event of these types the element fires, in order. */
export function recordEvents(
  element: HTMLElement,
  types = ['liveness-code', 'liveness-start', 'liveness-complete', 'liveness-error'],
) {
  const events: CustomEvent[] = [];
  for (const type of types) element.addEventListener(type, (event) => events.push(event as CustomEvent));
  return events;
}

/** A connected element with its code shown, its streams kept and its events recorded: ready for start(). */
export async function readyChallenge(attributes: Record<string, string> = {}) {
  const element = createChallenge({ 'max-duration': '8', 'min-duration': '1', ...attributes });
  const streams = watchStreams(element);
  const events = recordEvents(element);
  await oneEvent(element, 'liveness-code');
  return { element, streams, events };
}

export interface FileFacts {
  container: string;
  durationMs: number;
  videoTracks: number;
  audioTracks: number;
  width: number;
  height: number;
  videoCodec: string | null;
  audioCodec: string | null;
}

/** Reads a recording back with mediabunny's demuxers: what a server would find in the file. */
export async function readBack(blob: Blob): Promise<FileFacts> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    const videoTracks = await input.getVideoTracks();
    const audioTracks = await input.getAudioTracks();
    const video = videoTracks[0];
    return {
      container: (await input.getFormat()).name,
      durationMs: (await input.computeDuration()) * 1000,
      videoTracks: videoTracks.length,
      audioTracks: audioTracks.length,
      width: video?.displayWidth ?? 0,
      height: video?.displayHeight ?? 0,
      videoCodec: video ? await video.getCodec() : null,
      audioCodec: audioTracks[0] ? await audioTracks[0].getCodec() : null,
    };
  } finally {
    input.dispose();
  }
}

export function part(element: LivenessChallenge, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What ffmpeg reports while decoding every frame and sample of the file on the test server ('' when clean), as a
 * verification backend would decode it. Served by scripts/ffmpeg-decode-middleware.mjs.
 */
export async function ffmpegDecodeErrors(blob: Blob): Promise<string> {
  const response = await fetch('/__test/ffmpeg-decode', { method: 'POST', body: blob });
  const { errors } = (await response.json()) as { errors: string };
  if (!response.ok) throw new Error(errors);
  return errors;
}

/** Clicks the retake button and waits for what a person sees next: a new code, then a new take recording. */
export async function retakeWithFreshCode(element: LivenessChallenge): Promise<string> {
  const nextCode = oneEvent(element, 'liveness-code');
  const nextStart = oneEvent(element, 'liveness-start');
  part(element, 'retake-button')!.click();
  const code = (await nextCode).detail.code;
  await nextStart;
  return code;
}
