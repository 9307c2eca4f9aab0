// The recording plan and bitrates on their own: which route and type a browser's capabilities lead to, and the
// bitrates a take is recorded at. The browser probe that feeds them is src/capture/detect-plan.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  chooseBitrates,
  chooseRecordingPlan,
  compactMimeType,
  isMp4,
  MP4_TYPES,
  WEBM_TYPES,
} from '../../src/capture/plan.js';

/** An `isTypeSupported` that knows only `types`. */
function supports(...types: string[]): (mimeType: string) => boolean {
  return (mimeType) => types.includes(mimeType);
}

describe('chooseRecordingPlan', () => {
  test('MediaRecorder MP4 first: H.264 with AAC when the recorder has it, even beside WebCodecs and WebM', () => {
    const plan = chooseRecordingPlan({ isTypeSupported: supports(...MP4_TYPES, ...WEBM_TYPES), webCodecsH264: true });
    assert.deepEqual(
      plan,
      { kind: 'media-recorder', mimeType: MP4_TYPES[0], needsTranscode: false },
      'the first MP4 type, no transcode',
    );
  });

  test('H.264 with Opus in MP4 still beats WebCodecs and WebM', () => {
    const plan = chooseRecordingPlan({
      isTypeSupported: supports('video/mp4;codecs=avc1,opus', ...WEBM_TYPES),
      webCodecsH264: true,
    });
    assert.deepEqual(
      plan,
      { kind: 'media-recorder', mimeType: 'video/mp4;codecs=avc1,opus', needsTranscode: false },
      'MP4 with Opus from the recorder',
    );
  });

  test('WebCodecs MP4 when the recorder has only WebM', () => {
    const plan = chooseRecordingPlan({ isTypeSupported: supports(...WEBM_TYPES), webCodecsH264: true });
    assert.deepEqual(
      plan,
      { kind: 'webcodecs', mimeType: 'video/mp4', needsTranscode: false },
      'the WebCodecs route, MP4, no transcode',
    );
  });

  test('WebCodecs MP4 where there is no MediaRecorder at all', () => {
    const plan = chooseRecordingPlan({ webCodecsH264: true });
    assert.equal(plan?.kind, 'webcodecs', 'no isTypeSupported, H.264 encoder: the WebCodecs route');
  });

  test('WebM only as the last resort, flagged for a transcode', () => {
    const plan = chooseRecordingPlan({ isTypeSupported: supports('video/webm'), webCodecsH264: false });
    assert.deepEqual(
      plan,
      { kind: 'media-recorder', mimeType: 'video/webm', needsTranscode: true },
      'plain WebM, needing a transcode',
    );
  });

  test('among WebM types, VP8 with Opus comes first', () => {
    const plan = chooseRecordingPlan({ isTypeSupported: supports(...WEBM_TYPES), webCodecsH264: false });
    assert.equal(plan?.mimeType, 'video/webm;codecs=vp8,opus', 'the first WEBM_TYPES entry');
  });

  test('no route at all: undefined, not a guess', () => {
    assert.equal(
      chooseRecordingPlan({ isTypeSupported: supports(), webCodecsH264: false }),
      undefined,
      'nothing recordable',
    );
  });

  test('a forced MP4 type is used as given, without a transcode', () => {
    const forced = 'video/mp4;codecs=avc1,opus';
    const plan = chooseRecordingPlan({ isTypeSupported: supports(...MP4_TYPES), webCodecsH264: true, forced });
    assert.deepEqual(plan, { kind: 'media-recorder', mimeType: forced, needsTranscode: false }, 'the forced MP4 type');
  });

  test('a forced WebM type is used even where MP4 is supported, and flagged for a transcode', () => {
    const forced = 'video/webm;codecs=vp8,opus';
    const plan = chooseRecordingPlan({ isTypeSupported: supports(...MP4_TYPES, forced), webCodecsH264: true, forced });
    assert.deepEqual(
      plan,
      { kind: 'media-recorder', mimeType: forced, needsTranscode: true },
      'the forced WebM type, needing a transcode',
    );
  });

  test('a forced type the recorder refuses gives no plan rather than another type', () => {
    const plan = chooseRecordingPlan({
      isTypeSupported: supports(...MP4_TYPES),
      webCodecsH264: true,
      forced: 'video/x-matroska',
    });
    assert.equal(plan, undefined, 'an unsupported forced type is not replaced');
  });

  test('a forced type without MediaRecorder gives no plan', () => {
    assert.equal(chooseRecordingPlan({ webCodecsH264: true, forced: MP4_TYPES[0] }), undefined, 'no recorder to force');
  });

  test('forced webcodecs takes the WebCodecs route even where MediaRecorder has MP4', () => {
    const plan = chooseRecordingPlan({
      isTypeSupported: supports(...MP4_TYPES),
      webCodecsH264: true,
      forced: 'webcodecs',
    });
    assert.equal(plan?.kind, 'webcodecs', 'the forced WebCodecs route');
  });

  test('forced webcodecs without an H.264 encoder gives no plan rather than MediaRecorder', () => {
    const plan = chooseRecordingPlan({
      isTypeSupported: supports(...MP4_TYPES),
      webCodecsH264: false,
      forced: 'webcodecs',
    });
    assert.equal(plan, undefined, 'no fallback from a forced route');
  });
});

describe('isMp4', () => {
  test('an MP4 type with codecs is MP4', () => {
    assert.equal(isMp4('video/mp4;codecs=avc1,mp4a.40.2'), true, 'video/mp4;codecs=… is MP4');
  });

  test('case does not matter', () => {
    assert.equal(isMp4('VIDEO/MP4'), true, 'VIDEO/MP4 is MP4');
  });

  test('WebM is not MP4', () => {
    assert.equal(isMp4('video/webm;codecs=vp8,opus'), false, 'video/webm is not MP4');
  });

  test('a type that only starts with the letters of mp4 is not MP4', () => {
    assert.equal(isMp4('video/mp4x'), false, 'video/mp4x is another type');
  });

  test('MP4 audio is not an MP4 video', () => {
    assert.equal(isMp4('audio/mp4'), false, 'audio/mp4 is not video');
  });
});

describe('compactMimeType', () => {
  test('unquotes the codecs and drops the spaces between them', () => {
    assert.equal(
      compactMimeType('video/mp4; codecs="avc1.42c01f, opus"'),
      'video/mp4;codecs=avc1.42c01f,opus',
      'the compact form',
    );
  });

  test('leaves a compact type as it is', () => {
    assert.equal(compactMimeType('video/webm;codecs=vp8,opus'), 'video/webm;codecs=vp8,opus', 'unchanged');
  });

  test('leaves a type without codecs as it is', () => {
    assert.equal(compactMimeType('video/mp4'), 'video/mp4', 'unchanged');
  });
});

/** Bytes of a take recorded at `bitrates` for `seconds`, at exactly its target rates. */
function takeBytes(bitrates: { video: number; audio: number }, seconds: number): number {
  return ((bitrates.video + bitrates.audio) * seconds) / 8;
}

/** The length of a file's base64 text: what Tencent's verification APIs count against their cap. */
function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Tencent's verification APIs take at most 8 MB once base64-encoded (docs/tencent.md §6). */
const TENCENT_BASE64_CAP = 8_000_000;

describe('chooseBitrates', () => {
  test('the element defaults (max-bytes 6000000, max-duration 8) keep a full take under max-bytes', () => {
    const bitrates = chooseBitrates(6_000_000, 8);
    assert.ok(takeBytes(bitrates, 8) <= 6_000_000, `an 8 s take at ${JSON.stringify(bitrates)} fits in 6000000 bytes`);
  });

  test("the element defaults keep a full take under Tencent's 8 MB base64 cap", () => {
    const bitrates = chooseBitrates(6_000_000, 8);
    const encoded = base64Length(takeBytes(bitrates, 8));
    assert.ok(
      encoded <= TENCENT_BASE64_CAP,
      `an 8 s take encodes to ${encoded} base64 characters, at most ${TENCENT_BASE64_CAP}`,
    );
  });

  test('every duration from 1 to 60 s keeps a full take under max-bytes where the video floor does not bite', () => {
    const over: string[] = [];
    for (let seconds = 1; seconds <= 60; seconds += 1) {
      const bitrates = chooseBitrates(6_000_000, seconds);
      if (bitrates.video > 200_000 && takeBytes(bitrates, seconds) > 6_000_000) over.push(`${seconds} s`);
    }
    assert.deepEqual(over, [], 'no full-length take over 6000000 bytes');
  });

  test('aims under the budget, leaving room for encoder overshoot and the container', () => {
    const bitrates = chooseBitrates(2_000_000, 10);
    assert.ok(
      takeBytes(bitrates, 10) <= 0.75 * 2_000_000,
      `a 10 s take at ${JSON.stringify(bitrates)} uses at most 75% of 2000000 bytes`,
    );
  });

  test('a larger budget gets a higher video bitrate', () => {
    assert.ok(
      chooseBitrates(4_000_000, 10).video > chooseBitrates(2_000_000, 10).video,
      '4 MB buys more video than 2 MB',
    );
  });

  test('a longer take gets a lower video bitrate', () => {
    assert.ok(
      chooseBitrates(2_000_000, 20).video < chooseBitrates(2_000_000, 10).video,
      '20 s gets less per second than 10 s',
    );
  });

  test('video never goes over 2.5 Mbps, however large the budget', () => {
    assert.equal(chooseBitrates(1_000_000_000, 1).video, 2_500_000, 'capped at 2500000 bit/s');
  });

  test('video never goes under 200 kbps, however small the budget (the end-of-take size check guards the rest)', () => {
    assert.equal(chooseBitrates(10_000, 60).video, 200_000, 'floored at 200000 bit/s');
  });

  test('audio stays at 64 kbps', () => {
    assert.equal(chooseBitrates(6_000_000, 8).audio, 64_000, 'audio at 64000 bit/s');
  });

  test('a zero or negative duration is treated as 1 s, not a division by zero', () => {
    assert.deepEqual(chooseBitrates(2_000_000, 0), chooseBitrates(2_000_000, 1), 'duration 0 plans as 1 s');
  });

  test('bitrates are whole numbers, as encoders want', () => {
    const { video } = chooseBitrates(1_234_567, 7);
    assert.ok(Number.isInteger(video), `video bitrate ${video} is an integer`);
  });
});
