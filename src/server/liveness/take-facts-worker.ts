// The worker thread of take-inspector.ts: reads the facts of each take it is sent and hands the bytes back.
import { parentPort } from 'node:worker_threads';
import { readTakeFacts } from './take-facts.js';

export interface InspectionJob {
  bytes: Uint8Array;
}

const port = parentPort!;
// mediabunny warns about every odd box it skips: for uploads from strangers that is noise in the integrator's log.
console.warn = () => {};
port.on('message', async ({ bytes }: InspectionJob) => {
  const facts = await readTakeFacts(bytes).catch(() => ({ kind: 'broken' }) as const);
  // Transferred, not copied: the take goes back to be sent upstream.
  port.postMessage({ facts, bytes }, [bytes.buffer as ArrayBuffer]);
});
// Ready once the demuxer is loaded, so that the inspection deadline counts reading alone.
await import('mediabunny');
port.postMessage('ready');
