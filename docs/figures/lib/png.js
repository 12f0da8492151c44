'use strict';
const zlib = require('zlib');

/** One PNG chunk: length, type, data and the CRC of type and data. */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * An 8-bit grayscale PNG of a width × height image whose pixels are in 0..1 (MNIST's
 * white strokes on black are drawn dark on light when `invert` is set).
 * @param {ArrayLike<number>} pixels row-major, one value per pixel
 * @param {number} width
 * @param {number} height
 * @param {{ invert?: boolean }} options
 * @returns {Buffer}
 */
function grayscalePng(pixels, width, height, { invert = true } = {}) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.min(1, Math.max(0, pixels[y * width + x]));
      rows[y * (width + 1) + 1 + x] = Math.round(255 * (invert ? 1 - v : v));
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

module.exports = { grayscalePng };
