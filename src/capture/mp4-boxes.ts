/**
 * WebKitGTK's MediaRecorder (its GStreamer back end) writes one top-level MP4 box twice in a row: the first `ftyp`,
 * and the first `moof` after the stop-time flush. Demuxers then read the repeated fragment's samples twice, ffmpeg
 * reports decode errors and the remux refuses the file ("Timestamps cannot be smaller than … previous GOP").
 * No valid MP4 has two byte-identical top-level boxes in a row (each `moof` carries its own sequence number), so
 * dropping the second copy is always safe.
 *
 * Pure: returns the input itself when nothing repeats or the box layout cannot be read (then the demuxer reports
 * the damage, as it would have without this step).
 */
export function dropRepeatedTopLevelBoxes(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const boxes = topLevelBoxes(bytes);
  if (!boxes) return bytes;
  const kept: Uint8Array<ArrayBuffer>[] = [];
  let previous: Uint8Array<ArrayBuffer> | undefined;
  for (const box of boxes) {
    if (!previous || !sameBytes(previous, box)) kept.push(box);
    previous = box;
  }
  if (kept.length === boxes.length) return bytes;
  const repaired = new Uint8Array(kept.reduce((sum, box) => sum + box.length, 0));
  let offset = 0;
  for (const box of kept) {
    repaired.set(box, offset);
    offset += box.length;
  }
  return repaired;
}

/** The top-level boxes as views into `bytes`, or undefined when a size field does not fit the file. */
function topLevelBoxes(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 8) return undefined;
    let size = view.getUint32(offset);
    let headerSize = 8;
    if (size === 1) {
      // A 64-bit size follows the type.
      if (bytes.length - offset < 16) return undefined;
      size = Number(view.getBigUint64(offset + 8));
      headerSize = 16;
    } else if (size === 0) {
      // The last box runs to the end of the file.
      size = bytes.length - offset;
    }
    if (size < headerSize || offset + size > bytes.length) return undefined;
    boxes.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return boxes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
