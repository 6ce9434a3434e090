/**
 * What the mask and markup layers share: a live canvas and a mirror of its last finished
 * step, change listeners, and an undo history bounded by steps and by bytes. Each layer
 * says what a step is and how many bytes it holds; painting stays its own.
 */
import type { Rect } from './mask/mask-pixels';

export class StepHistory<S> {
  private undoStack: S[] = [];
  private redoStack: S[] = [];
  private bytes = 0;

  constructor(
    private readonly maxSteps: number,
    private readonly maxBytes: number,
    private readonly sizeOf: (step: S) => number,
  ) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** A new step: the redo branch is dropped, and the oldest steps go past either bound. */
  push(step: S): void {
    this.undoStack.push(step);
    for (const dropped of this.redoStack) this.bytes -= this.sizeOf(dropped);
    this.redoStack = [];
    this.bytes += this.sizeOf(step);
    while (this.undoStack.length > this.maxSteps || (this.bytes > this.maxBytes && this.undoStack.length > 1)) {
      this.bytes -= this.sizeOf(this.undoStack.shift()!);
    }
  }

  /** The step to undo, moved to the redo side. */
  takeUndo(): S | undefined {
    const step = this.undoStack.pop();
    if (step) this.redoStack.push(step);
    return step;
  }

  /** The step to redo, moved back to the undo side. */
  takeRedo(): S | undefined {
    const step = this.redoStack.pop();
    if (step) this.undoStack.push(step);
    return step;
  }
}

export class LayerCanvas {
  readonly canvas: HTMLCanvasElement;
  protected readonly ctx: CanvasRenderingContext2D;
  /** The canvas as of the last recorded step (the live one runs ahead during a stroke). */
  protected readonly committed: CanvasRenderingContext2D;
  private listeners = new Set<() => void>();
  /** Bumped on every change, so the view redraws and the layer is saved only when it changed. */
  version = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    // Reads happen after every step (undo patches); a CPU-backed canvas makes them cheap.
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
    const mirror = document.createElement('canvas');
    mirror.width = width;
    mirror.height = height;
    this.committed = mirror.getContext('2d', { willReadFrequently: true })!;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected changed(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  protected clampRect(x0: number, y0: number, x1: number, y1: number): Rect | null {
    const x = Math.max(0, Math.floor(x0));
    const y = Math.max(0, Math.floor(y0));
    const w = Math.min(this.width, Math.ceil(x1)) - x;
    const h = Math.min(this.height, Math.ceil(y1)) - y;
    return w > 0 && h > 0 ? { x, y, w, h } : null;
  }

  protected snapshot(): HTMLCanvasElement {
    const copy = document.createElement('canvas');
    copy.width = this.width;
    copy.height = this.height;
    copy.getContext('2d')!.drawImage(this.canvas, 0, 0);
    return copy;
  }

  /** Makes both canvases show `source` (a snapshot), or nothing. */
  protected showBoth(source: HTMLCanvasElement | null): void {
    for (const ctx of [this.ctx, this.committed]) {
      ctx.clearRect(0, 0, this.width, this.height);
      if (source) ctx.drawImage(source, 0, 0);
    }
  }
}
