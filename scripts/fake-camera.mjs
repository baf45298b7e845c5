// Writes a looping Y4M clip for Chromium's `--use-file-for-fake-video-capture`: a stylised person (head and
// shoulders) in front of a softly lit wall, in one colour scheme per participant, so every tile of a screenshot
// looks different and like a camera rather than a test pattern. Pure JavaScript (no ffmpeg needed).
import { writeFileSync } from 'node:fs';

/** Colour schemes: wall top, wall bottom, shirt, skin, hair (sRGB 0–255). */
export const PALETTES = [
  { wallTop: [233, 216, 196], wallBottom: [196, 170, 146], shirt: [41, 82, 140], skin: [224, 172, 138], hair: [62, 40, 28] },
  { wallTop: [188, 214, 206], wallBottom: [120, 160, 150], shirt: [196, 92, 60], skin: [150, 104, 76], hair: [28, 22, 20] },
  { wallTop: [214, 206, 232], wallBottom: [150, 140, 186], shirt: [52, 58, 64], skin: [240, 200, 170], hair: [196, 140, 70] },
  { wallTop: [240, 228, 180], wallBottom: [200, 170, 100], shirt: [30, 120, 100], skin: [110, 74, 54], hair: [20, 16, 14] },
  { wallTop: [200, 220, 240], wallBottom: [120, 150, 190], shirt: [140, 40, 80], skin: [230, 186, 150], hair: [120, 70, 40] },
];

const clamp = (v) => (v < 0 ? 0 : v > 255 ? 255 : v);
const mix = (a, b, t) => a.map((x, i) => x + (b[i] - x) * t);

function toYuv([r, g, b]) {
  // BT.601 full range ("C420jpeg")
  return [
    clamp(Math.round(0.299 * r + 0.587 * g + 0.114 * b)),
    clamp(Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)),
    clamp(Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)),
  ];
}

/** Smooth edge: 1 inside (d < 0), 0 outside, over `soft` pixels. */
const smooth = (t) => { const u = Math.min(1, Math.max(0, t)); return u * u * (3 - 2 * u); };
const edge = (d, soft = 1.5) => Math.min(1, Math.max(0, 0.5 - d / soft));

function pixel(x, y, w, h, p, t) {
  const sway = Math.sin(t * Math.PI * 2) * w * 0.006;
  // Wall: vertical gradient plus a warm light from the upper left.
  let c = mix(p.wallTop, p.wallBottom, y / h);
  const light = Math.max(0, 1 - Math.hypot((x - w * 0.15) / (w * 0.7), (y - h * 0.1) / (h * 0.9)));
  c = mix(c, [255, 250, 240], light * 0.35);
  // A shelf line and a picture frame for depth.
  if (Math.abs(y - h * 0.62) < h * 0.006 && x > w * 0.68) c = mix(c, [90, 70, 60], 0.5);
  const fx = w * 0.76, fy = h * 0.2, fw = w * 0.13, fh = h * 0.24;
  if (x > fx && x < fx + fw && y > fy && y < fy + fh) {
    const inner = x > fx + 6 && x < fx + fw - 6 && y > fy + 6 && y < fy + fh - 6;
    c = inner ? mix(p.shirt, [255, 255, 255], 0.55) : mix(c, [60, 50, 45], 0.6);
  }
  const cx = w * 0.47 + sway;
  // Shoulders and body: a wide ellipse rising from the bottom.
  const body = Math.hypot((x - cx) / (w * 0.25), (y - h * 1.08) / (h * 0.42)) - 1;
  const bodyA = edge(body * w * 0.2);
  if (bodyA > 0) c = mix(c, mix(p.shirt, [0, 0, 0], smooth((x - cx) / (w * 0.5) + 0.5) * 0.25), bodyA);
  // Neck.
  const neck = Math.max(Math.abs(x - cx) - w * 0.045, Math.abs(y - h * 0.66) - h * 0.08);
  if (neck < 0 && bodyA < 1) c = mix(c, mix(p.skin, [0, 0, 0], 0.15), edge(neck, 1.5));
  // Head: an ellipse, shaded from the light; hair on top.
  const hx = (x - cx) / (w * 0.105), hy = (y - h * 0.42) / (h * 0.24);
  const head = Math.hypot(hx, hy) - 1;
  const headA = edge(head * w * 0.1);
  if (headA > 0) {
    const shade = mix(p.skin, [0, 0, 0], smooth((hx + 1) / 2) * 0.2);
    c = mix(c, shade, headA);
  }
  const hair = Math.hypot(hx, (y - h * 0.38) / (h * 0.245)) - 1;
  const fringe = y - (h * 0.4 - Math.cos(hx * 1.4) * h * 0.05);
  if (hair < 0.05) c = mix(c, p.hair, edge(hair * w * 0.1) * edge(fringe, 2));
  // A soft vignette.
  const v = Math.hypot((x - w / 2) / w, (y - h / 2) / h);
  return mix(c, [0, 0, 0], Math.max(0, v - 0.35) * 0.5);
}

/** Writes `frames` frames of `width`×`height` (even numbers) at 15 fps (enough for a still picture, and half the encoding work). */
export function writeFakeCamera(path, palette, { width = 960, height = 540, frames = 12 } = {}) {
  const header = `YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`;
  const chunks = [Buffer.from(header)];
  for (let f = 0; f < frames; f++) {
    const yPlane = Buffer.alloc(width * height);
    const uPlane = Buffer.alloc((width / 2) * (height / 2));
    const vPlane = Buffer.alloc((width / 2) * (height / 2));
    const t = f / frames;
    for (let y = 0; y < height; y += 2) {
      for (let x = 0; x < width; x += 2) {
        let us = 0;
        let vs = 0;
        for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
          const [Y, U, V] = toYuv(pixel(x + dx, y + dy, width, height, palette, t));
          yPlane[(y + dy) * width + x + dx] = Y;
          us += U;
          vs += V;
        }
        uPlane[(y / 2) * (width / 2) + x / 2] = Math.round(us / 4);
        vPlane[(y / 2) * (width / 2) + x / 2] = Math.round(vs / 4);
      }
    }
    chunks.push(Buffer.from('FRAME\n'), yPlane, uPlane, vPlane);
  }
  writeFileSync(path, Buffer.concat(chunks));
}
