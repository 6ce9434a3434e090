// An images-per-window limit per model, like the API's images-per-minute: requests over it
// answer 429 with the Retry-After the API would send (seconds until enough of the window
// has slid out). The window is configurable so a test can run a storm in seconds.
import { faultError } from './faults';
import type { ApiError } from './errors';

export interface RateLimitOptions {
  /** Images accepted per model in any window. */
  images: number;
  /** The window's length; the real API's is 60,000 ms. */
  windowMs: number;
}

export class FakeRateLimit {
  private readonly sent = new Map<string, Array<{ at: number; images: number }>>();

  /** Accepts the images (recording them) or returns the 429 to answer with. */
  admit(opts: RateLimitOptions | null, model: string, images: number, o: { requestId: string; now?: number }): ApiError | undefined {
    if (!opts) return undefined;
    const now = o.now ?? Date.now();
    const list = (this.sent.get(model) ?? []).filter((e) => e.at + opts.windowMs > now);
    this.sent.set(model, list);
    const used = list.reduce((s, e) => s + e.images, 0);
    if (used + images <= opts.images) {
      list.push({ at: now, images });
      return undefined;
    }
    let freed = 0;
    let waitMs = opts.windowMs;
    for (const e of list) {
      freed += e.images;
      if (used - freed + images <= opts.images) {
        waitMs = e.at + opts.windowMs - now;
        break;
      }
    }
    return faultError({ kind: 'rate_limit', retryAfterSeconds: Math.max(1, waitMs / 1000) }, { model, requestId: o.requestId, streaming: false });
  }

  reset(): void {
    this.sent.clear();
  }
}
