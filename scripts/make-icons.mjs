#!/usr/bin/env node
/**
 * Draws the app's icons as PNG with nothing but Node (zlib): the tray icon for each agent state at
 * 1x (16 px) and 2x (32 px, Electron's `@2x` name), the app icon (512 px) and the renderer's favicon.
 * Shapes are signed-distance functions sampled 4x4 per pixel, so edges are antialiased at any size.
 * Run: `node scripts/make-icons.mjs` (writes assets/ and renderer/public/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const root = new URL('../', import.meta.url);

// The UI's status colours (renderer/src/styles/app.css), one meaning each.
const COLORS = {
  available: [27, 143, 76],
  paused: [214, 146, 10],
  ringing: [106, 77, 224],
  // On a call is ordinary work: the accent's blue. Red is for danger and failures only.
  oncall: [45, 107, 228],
  error: [207, 59, 59],
  offline: [138, 146, 157],
  connecting: [138, 146, 157],
  accent: [45, 107, 228],
  white: [255, 255, 255],
};

// Shapes on a unit canvas (0..1 both ways); negative distance = inside.
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
const box =
  (cx, cy, hw, hh, r = 0) =>
  (x, y) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
const cut = (shape, by) => (x, y) => Math.max(shape(x, y), -by(x, y));
const clip = (shape, to) => (x, y) => Math.max(shape(x, y), to(x, y));

/** Layers of [shape, rgb] painted in order. */
const TRAY = {
  available: [[circle(0.5, 0.5, 0.42), COLORS.available]],
  paused: [
    [circle(0.5, 0.5, 0.42), COLORS.paused],
    [box(0.39, 0.5, 0.055, 0.19, 0.03), COLORS.white],
    [box(0.61, 0.5, 0.055, 0.19, 0.03), COLORS.white],
  ],
  ringing: [
    [circle(0.5, 0.5, 0.42), COLORS.ringing],
    [ring(0.5, 0.5, 0.2, 0.09), COLORS.white],
    [circle(0.5, 0.5, 0.06), COLORS.white],
  ],
  oncall: [
    [circle(0.5, 0.5, 0.42), COLORS.oncall],
    [box(0.5, 0.5, 0.22, 0.065, 0.06), COLORS.white],
  ],
  error: [
    [circle(0.5, 0.5, 0.42), COLORS.error],
    [box(0.5, 0.42, 0.06, 0.17, 0.05), COLORS.white],
    [circle(0.5, 0.71, 0.065), COLORS.white],
  ],
  offline: [[ring(0.5, 0.5, 0.36, 0.12), COLORS.offline]],
  // Logged out of the agent pool: connected, but no queue call comes (a grey disc with a bar).
  loggedout: [
    [circle(0.5, 0.5, 0.42), COLORS.offline],
    [box(0.5, 0.5, 0.22, 0.065, 0.06), COLORS.white],
  ],
  connecting: [
    [cut(ring(0.5, 0.5, 0.36, 0.12), box(0.78, 0.22, 0.22, 0.22)), COLORS.connecting],
    [circle(0.5, 0.5, 0.12), COLORS.connecting],
  ],
};

// The app icon: a headset on the accent colour, with a green "available" dot.
const APP = [
  [box(0.5, 0.5, 0.44, 0.44, 0.1), COLORS.accent],
  [clip(ring(0.5, 0.52, 0.23, 0.06), (x, y) => y - 0.56), COLORS.white],
  [box(0.27, 0.6, 0.06, 0.1, 0.05), COLORS.white],
  [box(0.73, 0.6, 0.06, 0.1, 0.05), COLORS.white],
  [clip(ring(0.56, 0.62, 0.17, 0.045), (x, y) => Math.max(0.62 - y, x - 0.6)), COLORS.white],
  [circle(0.52, 0.79, 0.04), COLORS.white],
  [circle(0.76, 0.26, 0.1), COLORS.white],
  [circle(0.76, 0.26, 0.075), COLORS.available],
];

function render(layers, size) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, rgb] of layers) {
        let cover = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size) <= 0) cover++;
          }
        }
        const alpha = cover / (samples * samples);
        if (alpha === 0) continue;
        // "source over" in straight alpha
        const out = alpha + a * (1 - alpha);
        r = (rgb[0] * alpha + r * a * (1 - alpha)) / out;
        g = (rgb[1] * alpha + g * a * (1 - alpha)) / out;
        b = (rgb[2] * alpha + b * a * (1 - alpha)) / out;
        a = out;
      }
      pixels.set([r, g, b, a * 255].map(Math.round), (py * size + px) * 4);
    }
  }
  return encodePng(pixels, size, size);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function encodePng(rgba, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(relative, bytes) {
  const url = new URL(relative, root);
  mkdirSync(new URL('./', url), { recursive: true });
  writeFileSync(url, bytes);
  console.log(`wrote ${relative} (${bytes.length} bytes)`);
}

for (const [state, layers] of Object.entries(TRAY)) {
  write(`assets/tray-${state}.png`, render(layers, 16));
  write(`assets/tray-${state}@2x.png`, render(layers, 32));
}
write('assets/icon.png', render(APP, 512));
write('renderer/public/icon.png', render(APP, 64));
