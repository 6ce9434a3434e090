/**
 * The painted mask, at the first image's original pixel size. The canvas holds white
 * pixels whose alpha is "how much to edit" (255 = edit); the API's mask is its inverse
 * (alpha 0 = edit), made only on export. Undo keeps the alpha bytes of the rectangle
 * each step touched, before and after, so a small stroke on a 24-megapixel photo costs
 * kilobytes rather than a full copy; the history is bounded by steps and by bytes. A
 * second canvas mirrors the last finished step, so a stroke's "before" is read from it
 * at the end, only inside the stroke's bounds.
 */

import { LayerCanvas, StepHistory } from '../layer-canvas';
import { countEdited, exportMaskPng, readAlpha, writeAlpha, type Rect } from './mask-pixels';

export interface Point {
  x: number;
  y: number;
}

export interface BrushOptions {
  /** Diameter in image pixels. */
  size: number;
  /** 0..1: share of the radius painted at full strength before the edge fades out. */
  hardness: number;
  erase: boolean;
}

type Step =
  | { kind: 'patch'; rect: Rect; before: Uint8Array; after: Uint8Array }
  | { kind: 'invert' }
  /** Whole-canvas changes (clear, load): a canvas copy is far cheaper than reading every pixel. */
  | { kind: 'replace'; before: HTMLCanvasElement; beforeEdited: number; after: Uint8Array | null; afterEdited: number };

export const MAX_STEPS = 50;
/** About 10 full-canvas steps on a 24-megapixel photo, far more for ordinary strokes. */
const MAX_HISTORY_BYTES = 256 * 1024 * 1024;

export class MaskEngine extends LayerCanvas {
  private readonly history = new StepHistory<Step>(MAX_STEPS, MAX_HISTORY_BYTES, (step) => this.bytesOf(step));
  private stroke: { last: Point; opts: BrushOptions; carry: number; bounds: Rect } | null = null;
  private edited = 0;

  /** Share (0..1) of the image marked for editing, exact, kept up to date by each step. */
  get editedShare(): number {
    return this.edited / (this.width * this.height);
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  get painting(): boolean {
    return this.stroke !== null;
  }

  private bytesOf(step: Step): number {
    if (step.kind === 'patch') return step.before.length * 2;
    if (step.kind === 'replace') return this.width * this.height * 4 + (step.after?.length ?? 0);
    return 0;
  }

  private push(step: Step): void {
    this.history.push(step);
  }

  /** The committed copy catches up with the live canvas inside `r` (all of it by default). */
  private commit(r: Rect = { x: 0, y: 0, w: this.width, h: this.height }): void {
    this.committed.clearRect(r.x, r.y, r.w, r.h);
    this.committed.drawImage(this.canvas, r.x, r.y, r.w, r.h, r.x, r.y, r.w, r.h);
  }

  private show(source: HTMLCanvasElement | null): void {
    this.showBoth(source);
  }

  /** Records what was drawn on the live canvas inside `rect` as one step (none if nothing changed). */
  private record(rect: Rect | null): boolean {
    if (!rect) return false;
    const before = readAlpha(this.committed, rect);
    const after = readAlpha(this.ctx, rect);
    let same = true;
    for (let i = 0; i < after.length && same; i++) if (after[i] !== before[i]) same = false;
    if (same) return false;
    // Copying the live pixels is cheaper than writing the bytes back.
    this.commit(rect);
    this.edited += countEdited(after) - countEdited(before);
    this.push({ kind: 'patch', rect, before, after });
    this.changed();
    return true;
  }

  private dab(p: Point, opts: BrushOptions): void {
    const r = Math.max(0.5, opts.size / 2);
    const ctx = this.ctx;
    ctx.globalCompositeOperation = opts.erase ? 'destination-out' : 'source-over';
    if (opts.hardness >= 0.99) {
      ctx.fillStyle = '#fff';
    } else {
      const g = ctx.createRadialGradient(p.x, p.y, r * opts.hardness, p.x, p.y, r);
      g.addColorStop(0, 'rgba(255,255,255,1)');
      g.addColorStop(1, 'rgba(255,255,255,0)');
      ctx.fillStyle = g;
    }
    ctx.beginPath();
    ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.globalCompositeOperation = 'source-over';
  }

  beginStroke(p: Point, opts: BrushOptions): void {
    const r = opts.size / 2 + 2;
    this.stroke = { last: p, opts, carry: 0, bounds: { x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r } };
    this.dab(p, opts);
    this.changed();
  }

  /** Dabs along the segment from the last point, evenly spaced, so fast drags leave no gaps. */
  strokeTo(p: Point): void {
    const s = this.stroke;
    if (!s) return;
    const spacing = Math.max(0.5, s.opts.size * (s.opts.hardness >= 0.99 ? 0.15 : 0.1));
    const dx = p.x - s.last.x;
    const dy = p.y - s.last.y;
    const dist = Math.hypot(dx, dy);
    let t = spacing - s.carry;
    while (t <= dist) {
      this.dab({ x: s.last.x + (dx * t) / dist, y: s.last.y + (dy * t) / dist }, s.opts);
      t += spacing;
    }
    s.carry = dist - (t - spacing);
    const r = s.opts.size / 2 + 2;
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

  fillRect(a: Point, b: Point, erase: boolean): void {
    const rect = this.clampRect(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y));
    if (!rect) return;
    this.ctx.globalCompositeOperation = erase ? 'destination-out' : 'source-over';
    this.ctx.fillStyle = '#fff';
    this.ctx.fillRect(rect.x, rect.y, rect.w, rect.h);
    this.ctx.globalCompositeOperation = 'source-over';
    this.record(rect);
  }

  fillLasso(points: readonly Point[], erase: boolean): void {
    if (points.length < 3) return;
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const rect = this.clampRect(Math.min(...xs) - 1, Math.min(...ys) - 1, Math.max(...xs) + 1, Math.max(...ys) + 1);
    if (!rect) return;
    const ctx = this.ctx;
    ctx.globalCompositeOperation = erase ? 'destination-out' : 'source-over';
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
    ctx.closePath();
    ctx.fill();
    ctx.globalCompositeOperation = 'source-over';
    this.record(rect);
  }

  /** XOR with opaque white turns every alpha a into 255 − a exactly: its own undo, no pixels kept. */
  private xorAll(): void {
    for (const ctx of [this.ctx, this.committed]) {
      ctx.globalCompositeOperation = 'xor';
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, this.width, this.height);
      ctx.globalCompositeOperation = 'source-over';
    }
    this.edited = this.width * this.height - this.edited;
  }

  invert(): void {
    if (this.stroke) return;
    this.xorAll();
    this.push({ kind: 'invert' });
    this.changed();
  }

  clear(): void {
    if (this.stroke || (this.edited === 0 && !this.canUndo)) return;
    const step: Step = { kind: 'replace', before: this.snapshot(), beforeEdited: this.edited, after: null, afterEdited: 0 };
    this.show(null);
    this.edited = 0;
    this.push(step);
    this.changed();
  }

  /** Replaces the whole mask (an imported or reused mask), as one undoable step. */
  load(alpha: Uint8Array): void {
    if (this.stroke) return;
    const step: Step = { kind: 'replace', before: this.snapshot(), beforeEdited: this.edited, after: alpha, afterEdited: countEdited(alpha) };
    writeAlpha(this.ctx, { x: 0, y: 0, w: this.width, h: this.height }, alpha);
    this.commit();
    this.edited = step.afterEdited;
    this.push(step);
    this.changed();
  }

  private apply(step: Step, forward: boolean): void {
    if (step.kind === 'invert') {
      this.xorAll();
      return;
    }
    if (step.kind === 'replace') {
      if (!forward) this.show(step.before);
      else if (step.after) {
        writeAlpha(this.ctx, { x: 0, y: 0, w: this.width, h: this.height }, step.after);
        this.commit();
      } else this.show(null);
      this.edited = forward ? step.afterEdited : step.beforeEdited;
      return;
    }
    const alpha = forward ? step.after : step.before;
    const other = forward ? step.before : step.after;
    writeAlpha(this.ctx, step.rect, alpha);
    this.commit(step.rect);
    this.edited += countEdited(alpha) - countEdited(other);
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

  /** The API's mask for this painting (see mask-pixels). */
  exportPng(): Promise<Blob> {
    return exportMaskPng(this.canvas);
  }
}
