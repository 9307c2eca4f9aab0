import { LivenessError } from '../errors.js';
import type { Recording, RecordingOptions } from './recording.js';

/**
 * Records with the browser's MediaRecorder and resolves once the first frames are being written (its `start`
 * event), so `liveness-start` means what it says.
 */
export function startMediaRecorder(
  MediaRecorderClass: typeof MediaRecorder,
  options: RecordingOptions,
): Promise<Recording> {
  let recorder: MediaRecorder;
  try {
    recorder = new MediaRecorderClass(options.stream, {
      mimeType: options.mimeType,
      videoBitsPerSecond: options.videoBitsPerSecond,
      audioBitsPerSecond: options.audioBitsPerSecond,
    });
  } catch (error) {
    return Promise.reject(
      new LivenessError('unsupported', `MediaRecorder refused ${options.mimeType}.`, { cause: error }),
    );
  }
  const chunks: Blob[] = [];
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) chunks.push(event.data);
  });

  let stopping = false;
  let cancelled = false;
  const stopped = new Promise<Blob>((resolve, reject) => {
    recorder.addEventListener(
      'error',
      (event) => {
        const cause = (event as ErrorEvent).error ?? event;
        reject(new LivenessError('recording-failed', 'MediaRecorder failed.', { cause }));
        if (!stopping && !cancelled) options.onFailure(cause);
      },
      { once: true },
    );
    recorder.addEventListener(
      'stop',
      () => {
        // Safari leaves the first chunk untyped and Firefox leaves recorder.mimeType empty: take the first real type.
        const type = chunks.find((chunk) => chunk.type)?.type || recorder.mimeType || options.mimeType;
        resolve(new Blob(chunks, { type }));
      },
      { once: true },
    );
  });
  stopped.catch(() => {});

  return new Promise<Recording>((resolve, reject) => {
    recorder.addEventListener(
      'start',
      () => {
        resolve({
          stop() {
            stopping = true;
            if (recorder.state !== 'inactive') recorder.stop();
            return stopped.then((blob) => ({ blob }));
          },
          cancel() {
            cancelled = true;
            if (recorder.state !== 'inactive') recorder.stop();
          },
        });
      },
      { once: true },
    );
    stopped.catch(reject);
    try {
      recorder.start();
    } catch (error) {
      reject(new LivenessError('recording-failed', 'MediaRecorder could not start.', { cause: error }));
    }
  });
}
