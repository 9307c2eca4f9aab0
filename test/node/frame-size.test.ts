// The camera's size floor, checked after opening because getUserMedia's `min` constraints cannot say "either way up":
// a phone held upright gives portrait frames, which must pass exactly as their landscape twins do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAMERA_CONSTRAINTS, frameSizeProblem } from '../../src/capture/camera.js';

describe('camera frame size', () => {
  it('accepts 640x480 and larger, either way up', () => {
    for (const [width, height] of [
      [640, 480],
      [480, 640],
      [1280, 720],
      [720, 1280],
      [1920, 1080],
      [1080, 1920],
    ]) {
      assert.equal(frameSizeProblem(width, height), undefined, `${width}x${height}`);
    }
  });

  it('refuses a frame too small on either side, saying what it got and what it needs', () => {
    for (const [width, height] of [
      [320, 240],
      [240, 320],
      [640, 360],
      [360, 640],
      [600, 600],
    ]) {
      assert.match(
        frameSizeProblem(width, height) ?? '',
        new RegExp(`gives ${width}x${height}; at least 640x480`),
        `${width}x${height}`,
      );
    }
  });

  it('leaves an unknown size to the recording checks', () => {
    assert.equal(frameSizeProblem(undefined, undefined), undefined);
    assert.equal(frameSizeProblem(0, 720), undefined);
  });

  it('asks for 1280x720 as an ideal only, without resizing, so a portrait camera is neither refused nor cropped', () => {
    const video = CAMERA_CONSTRAINTS.video as MediaTrackConstraints & { resizeMode?: string };
    assert.deepEqual(video.width, { ideal: 1280 });
    assert.deepEqual(video.height, { ideal: 720 });
    assert.equal(video.resizeMode, 'none');
  });
});
