/**
 * The markup layer: coloured pen strokes, arrows, ellipses and rectangles drawn over the
 * first image, at its oriented pixel size (what the API wants, §3.2). Unlike the mask it
 * keeps colour, so undo keeps the RGBA pixels of the rectangle each step touched, before
 * and after; a mirror canvas holds the last finished step so a pen stroke's "before" is
 * read from it only inside the stroke's bounds. Shapes are drawn in one go on release
 * (their preview is an SVG guide), so the canvas only ever holds finished marks.
 */

import { LayerCanvas, StepHistory } from '../layer-canvas';
import type { Rect } from '../mask/mask-pixels';

export interface Point {
  x: number;
  y: number;
}

export type ShapeKind = 'arrow' | 'ellipse' | 'rect';

export interface Ink {
  colour: string;
  /** Line width in image pixels. */
  size: number;
}

type Step = { kind: 'patch'; rect: Rect; before: ImageData; after: ImageData } | { kind: 'replace'; before: HTMLCanvasElement; after: HTMLCanvasElement | null };

const MAX_STEPS = 50;
/** About ten full-canvas steps on a 24-megapixel photo, far more for ordinary marks. */
const MAX_HISTORY_BYTES = 1024 * 1024 * 1024;

/** The arrow head's length for a line of `size`: visible at any width, never longer than half the arrow. */
export function arrowHead(from: Point, to: Point, size: number): [Point, Point] {
  const len = Math.hypot(to.x - from.x, to.y - from.y);
  const head = Math.min(Math.max(size * 4, 12), len / 2);
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const spread = Math.PI / 7;
  return [
    { x: to.x - head * Math.cos(angle - spread), y: to.y - head * Math.sin(angle - spread) },
    { x: to.x - head * Math.cos(angle + spread), y: to.y - head * Math.sin(angle + spread) },
  ];
}

export class MarkupEngine extends LayerCanvas {
  private readonly history = new StepHistory<Step>(MAX_STEPS, MAX_HISTORY_BYTES, (step) => this.bytesOf(step));
  private stroke: { last: Point; ink: Ink; bounds: Rect } | null = null;
  /** Whether anything is drawn: known exactly after each step from the pixels it touched. */
  private marks = 0;

  /** True when the layer has at least one drawn pixel (an empty markup is never sent). */
  get hasMarks(): boolean {
    return this.marks > 0;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  get drawing(): boolean {
    return this.stroke !== null;
  }

  private bytesOf(step: Step): number {
    if (step.kind === 'patch') return step.before.data.length * 2;
    return this.width * this.height * 4 * (step.after ? 2 : 1);
  }

  private push(step: Step): void {
    this.history.push(step);
  }

  private show(source: HTMLCanvasElement | null): void {
    this.showBoth(source);
    this.marks = source ? countDrawn(this.ctx.getImageData(0, 0, this.width, this.height)) : 0;
  }

  /** Records what changed on the live canvas inside `rect` as one step (none if nothing did). */
  private record(rect: Rect | null): boolean {
    if (!rect) return false;
    const before = this.committed.getImageData(rect.x, rect.y, rect.w, rect.h);
    const after = this.ctx.getImageData(rect.x, rect.y, rect.w, rect.h);
    if (sameData(before, after)) return false;
    this.committed.clearRect(rect.x, rect.y, rect.w, rect.h);
    this.committed.putImageData(after, rect.x, rect.y);
    this.marks += countDrawn(after) - countDrawn(before);
    this.push({ kind: 'patch', rect, before, after });
    this.changed();
    return true;
  }

  private pen(ink: Ink): void {
    const ctx = this.ctx;
    ctx.strokeStyle = ink.colour;
    ctx.fillStyle = ink.colour;
    ctx.lineWidth = ink.size;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
  }

  beginStroke(p: Point, ink: Ink): void {
    const r = ink.size / 2 + 2;
    this.stroke = { last: p, ink, bounds: { x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r } };
    this.pen(ink);
    // A click without a drag still leaves a dot.
    this.ctx.beginPath();
    this.ctx.arc(p.x, p.y, ink.size / 2, 0, Math.PI * 2);
    this.ctx.fill();
    this.changed();
  }

  strokeTo(p: Point): void {
    const s = this.stroke;
    if (!s) return;
    this.pen(s.ink);
    this.ctx.beginPath();
    this.ctx.moveTo(s.last.x, s.last.y);
    this.ctx.lineTo(p.x, p.y);
    this.ctx.stroke();
    const r = s.ink.size / 2 + 2;
    const b = s.bounds;
    const x0 = Math.min(b.x, p.x - r);
    const y0 = Math.min(b.y, p.y - r);
    s.bounds = { x: x0, y: y0, w: Math.max(b.x + b.w, p.x + r) - x0, h: Math.max(b.y + b.h, p.y + r) - y0 };
    s.last = p;
    this.changed();
  }

  endStroke(): void {
    const s = this.stroke;
    this.stroke = null;
    if (!s) return;
    // Listeners wait for the stroke's end to save it; tell them even when it changed nothing.
    if (!this.record(this.clampRect(s.bounds.x, s.bounds.y, s.bounds.x + s.bounds.w, s.bounds.y + s.bounds.h))) this.changed();
  }

  /** Draws a finished shape from `a` to `b` (an arrow points at `b`) as one step. */
  shape(kind: ShapeKind, a: Point, b: Point, ink: Ink): void {
    if (this.stroke || Math.hypot(b.x - a.x, b.y - a.y) < 2) return;
    const ctx = this.ctx;
    this.pen(ink);
    ctx.beginPath();
    const pad = ink.size + 2;
    let bounds: Rect | null;
    if (kind === 'arrow') {
      const [l, r] = arrowHead(a, b, ink.size);
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.moveTo(l.x, l.y);
      ctx.lineTo(b.x, b.y);
      ctx.lineTo(r.x, r.y);
      bounds = this.clampRect(Math.min(a.x, b.x, l.x, r.x) - pad, Math.min(a.y, b.y, l.y, r.y) - pad, Math.max(a.x, b.x, l.x, r.x) + pad, Math.max(a.y, b.y, l.y, r.y) + pad);
    } else {
      const x = Math.min(a.x, b.x);
      const y = Math.min(a.y, b.y);
      const w = Math.abs(b.x - a.x);
      const h = Math.abs(b.y - a.y);
      if (kind === 'rect') ctx.rect(x, y, w, h);
      else ctx.ellipse(x + w / 2, y + h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
      bounds = this.clampRect(x - pad, y - pad, x + w + pad, y + h + pad);
    }
    ctx.stroke();
    this.record(bounds);
  }

  clear(): void {
    if (this.stroke || (!this.hasMarks && !this.canUndo)) return;
    const step: Step = { kind: 'replace', before: this.snapshot(), after: null };
    this.show(null);
    this.push(step);
    this.changed();
  }

  /** Replaces the whole layer with a picture (a reused markup, scaled to this image), as one undoable step. */
  load(picture: CanvasImageSource): void {
    if (this.stroke) return;
    const before = this.snapshot();
    this.ctx.clearRect(0, 0, this.width, this.height);
    this.ctx.drawImage(picture, 0, 0, this.width, this.height);
    const after = this.snapshot();
    this.show(after);
    this.push({ kind: 'replace', before, after });
    this.changed();
  }

  private apply(step: Step, forward: boolean): void {
    if (step.kind === 'replace') {
      this.show(forward ? step.after : step.before);
      return;
    }
    const data = forward ? step.after : step.before;
    const other = forward ? step.before : step.after;
    for (const ctx of [this.ctx, this.committed]) {
      ctx.clearRect(step.rect.x, step.rect.y, step.rect.w, step.rect.h);
      ctx.putImageData(data, step.rect.x, step.rect.y);
    }
    this.marks += countDrawn(data) - countDrawn(other);
  }

  undo(): void {
    if (this.stroke) return;
    const step = this.history.takeUndo();
    if (!step) return;
    this.apply(step, false);
    this.changed();
  }

  redo(): void {
    if (this.stroke) return;
    const step = this.history.takeRedo();
    if (!step) return;
    this.apply(step, true);
    this.changed();
  }

  /** The layer as the API's markup: a PNG, transparent wherever nothing is drawn. */
  exportPng(): Promise<Blob> {
    return new Promise((resolve, reject) => this.canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The markup could not be encoded.'))), 'image/png'));
  }
}

function countDrawn(img: ImageData): number {
  const d = img.data;
  let n = 0;
  for (let j = 3; j < d.length; j += 4) if (d[j]! > 0) n++;
  return n;
}

function sameData(a: ImageData, b: ImageData): boolean {
  const x = new Uint32Array(a.data.buffer, a.data.byteOffset, a.data.length / 4);
  const y = new Uint32Array(b.data.buffer, b.data.byteOffset, b.data.length / 4);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
