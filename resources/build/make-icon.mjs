#!/usr/bin/env node
/**
 * Draws the app icon, resources/build/icon.png (512×512): a red rounded square with a gold
 * star over a gold hall (a roof beam, four pillars, a base) — the liaison station — in plain
 * Node (zlib only). electron-builder makes the Windows .ico and the
 * Linux icon sizes from it. Run again after changing the drawing: node resources/build/make-icon.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // 4×4 supersampling for smooth edges
const RED = [200, 16, 46];
const GOLD = [255, 215, 0];
const RADIUS = 96; // corner radius of the square
const MARGIN = 16;

/** The star's ten corners: outer radius R, inner radius r, centred, one point upwards. */
function starPolygon(cx, cy, R, r) {
  const points = [];
  for (let i = 0; i < 10; i++) {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? R : r;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  return points;
}

function insidePolygon(x, y, polygon) {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare(x, y) {
  const lo = MARGIN;
  const hi = SIZE - MARGIN;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + RADIUS), hi - RADIUS);
  const cy = Math.min(Math.max(y, lo + RADIUS), hi - RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

const star = starPolygon(SIZE / 2, 178, 112, 45);
/** The hall: [x0, y0, x1, y1] rectangles. */
const hall = [
  [106, 306, 406, 334], // beam
  [136, 346, 166, 410], // pillars
  [206, 346, 236, 410],
  [276, 346, 306, 410],
  [346, 346, 376, 410],
  [90, 420, 422, 446], // base
];
const insideHall = (x, y) => hall.some(([x0, y0, x1, y1]) => x >= x0 && x <= x1 && y >= y0 && y <= y1);
const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let x = 0; x < SIZE; x++) {
    let square = 0;
    let gold = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        if (insideRoundedSquare(px, py)) {
          square++;
          if (insidePolygon(px, py, star) || insideHall(px, py)) gold++;
        }
      }
    }
    const n = SAMPLES * SAMPLES;
    const g = square === 0 ? 0 : gold / square;
    const o = 1 + x * 4;
    for (let c = 0; c < 3; c++) row[o + c] = Math.round(RED[c] * (1 - g) + GOLD[c] * g);
    row[o + 3] = Math.round((255 * square) / n);
  }
  rows.push(row);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
