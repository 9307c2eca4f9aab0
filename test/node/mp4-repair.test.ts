// The repair of WebKit's repeated top-level MP4 box (src/capture/mp4-boxes.ts), on a real 1 s WebKitGTK
// MediaRecorder take (test/fixtures/webkit-mediarecorder.mp4, from scripts/record-webkit-fixture.mjs) and on
// hand-made box layouts. The remux and ffmpeg's decode are what a user's take goes through and what a verifier sees.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { remuxToPlainMp4 } from '../../src/capture/mediabunny/remux.js';
import { compactMimeType } from '../../src/capture/plan.js';
import { dropRepeatedTopLevelBoxes } from '../../src/capture/mp4-boxes.js';
import { ffmpegDecodeErrors } from '../../scripts/ffmpeg-decode-middleware.mjs';

const webkitTake = new Uint8Array(readFileSync(new URL('../fixtures/webkit-mediarecorder.mp4', import.meta.url)));

function boxTypes(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += view.getUint32(offset)) {
    types.push(new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8)));
  }
  return types;
}

function box(type: string, payload: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(8 + payload.length);
  new DataView(bytes.buffer).setUint32(0, bytes.length);
  bytes.set(new TextEncoder().encode(type), 4);
  bytes.set(payload, 8);
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(parts.flatMap((part) => [...part]));
}

describe('dropRepeatedTopLevelBoxes on a real WebKitGTK take', () => {
  it('the fixture has the recorder bug: the first ftyp and the first moof after the stop flush, twice each', async () => {
    assert.deepEqual(boxTypes(webkitTake), [
      'ftyp',
      'ftyp',
      'moov',
      'moof',
      'mdat',
      'moof',
      'moof',
      'mdat',
      'moof',
      'mdat',
    ]);
    assert.notEqual(await ffmpegDecodeErrors(webkitTake), '');
  });

  it('drops exactly the two repeated boxes', () => {
    const repaired = dropRepeatedTopLevelBoxes(webkitTake);
    assert.deepEqual(boxTypes(repaired), ['ftyp', 'moov', 'moof', 'mdat', 'moof', 'mdat', 'moof', 'mdat']);
    assert.equal(webkitTake.length - repaired.length, 32 + 504);
  });

  it('the repaired take remuxes into a plain MP4 (H.264 + AAC) that ffmpeg decodes without an error', async () => {
    await assert.rejects(remuxToPlainMp4(new Blob([webkitTake])));
    const take = await remuxToPlainMp4(new Blob([dropRepeatedTopLevelBoxes(webkitTake)]));
    const plain = new Uint8Array(await take.blob.arrayBuffer());
    assert.deepEqual(boxTypes(plain).slice(0, 2), ['ftyp', 'moov']);
    const input = new Input({ source: new BlobSource(new Blob([plain])), formats: ALL_FORMATS });
    try {
      assert.equal(await (await input.getPrimaryVideoTrack())?.getCodec(), 'avc');
      assert.equal(await (await input.getPrimaryAudioTrack())?.getCodec(), 'aac');
      const seconds = await input.computeDuration();
      assert.ok(seconds > 0.8 && seconds < 1.5, `about 1 s, got ${seconds}`);
      // The remux reports the new file from the packets it copied, without parsing it again: what it says must be
      // what the file says.
      const video = (await input.getPrimaryVideoTrack())!;
      assert.deepEqual(
        {
          durationMs: take.durationMs,
          width: take.width,
          height: take.height,
          mimeType: take.mimeType,
          type: take.blob.type,
        },
        {
          durationMs: Math.round(seconds * 1000),
          width: video.displayWidth,
          height: video.displayHeight,
          mimeType: compactMimeType(await input.getMimeType()),
          type: take.mimeType,
        },
      );
    } finally {
      input.dispose();
    }
    assert.equal(await ffmpegDecodeErrors(plain), '');
  });
});

describe('dropRepeatedTopLevelBoxes on hand-made layouts', () => {
  const ftyp = box('ftyp', [1, 2, 3, 4]);
  const moofA = box('moof', [0, 0, 0, 1]);
  const moofB = box('moof', [0, 0, 0, 2]);
  const mdat = box('mdat', [9, 9]);

  it('returns the same bytes when nothing repeats', () => {
    const file = concat(ftyp, moofA, mdat, moofB, mdat);
    assert.equal(dropRepeatedTopLevelBoxes(file), file);
  });

  it('keeps identical boxes that are not neighbours', () => {
    const file = concat(moofA, mdat, moofA, mdat);
    assert.equal(dropRepeatedTopLevelBoxes(file), file);
  });

  it('keeps a box of the same type whose bytes differ', () => {
    const file = concat(ftyp, moofA, moofB, mdat);
    assert.equal(dropRepeatedTopLevelBoxes(file), file);
  });

  it('drops every further copy in a run of three', () => {
    assert.deepEqual(dropRepeatedTopLevelBoxes(concat(ftyp, moofA, moofA, moofA, mdat)), concat(ftyp, moofA, mdat));
  });

  it('reads 64-bit sizes and a last box of size 0 (to the end of the file)', () => {
    const large = new Uint8Array(20);
    const view = new DataView(large.buffer);
    view.setUint32(0, 1);
    large.set(new TextEncoder().encode('moof'), 4);
    view.setBigUint64(8, 20n);
    const toEnd = concat(box('mdat', [7, 7, 7]));
    new DataView(toEnd.buffer).setUint32(0, 0);
    assert.deepEqual(dropRepeatedTopLevelBoxes(concat(ftyp, large, large, toEnd)), concat(ftyp, large, toEnd));
  });

  it('leaves a file whose sizes do not fit untouched, for the demuxer to report', () => {
    const truncated = concat(ftyp, ftyp).subarray(0, 20);
    assert.equal(dropRepeatedTopLevelBoxes(truncated), truncated);
    const tooSmall = concat(ftyp, ftyp);
    new DataView(tooSmall.buffer).setUint32(0, 4);
    assert.equal(dropRepeatedTopLevelBoxes(tooSmall), tooSmall);
    assert.deepEqual(dropRepeatedTopLevelBoxes(new Uint8Array(0)), new Uint8Array(0));
  });
});
