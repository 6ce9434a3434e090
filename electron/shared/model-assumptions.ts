/**
 * Where shared/reference/openai-images-api-2026-12.md says UNCONFIRMED, the reading Loupe
 * takes: each is one line to change when OpenAI confirms or denies it. The safe reading
 * is the one that never sends a request the API may refuse (and bill nothing useful),
 * unless the issue that asked for the feature chose otherwise, as noted.
 */
export const ASSUME = {
  /** §3: xhigh and max on 2.6 (third parties only; the SDK names 2.5). Offered, as the roadmap asks. */
  gen26XhighMax: true,
  /** §3: markup on 2.6 (third parties only). Offered, and every markup edit is checked for effect. */
  gen26Markup: true,
  /** §3: transparent backgrounds on 2.6 are not named anywhere: not offered. */
  gen26Transparent: false as boolean,
  /** §3: GIF and SVG output on 2.5 and 2: not offered (only the 2.6 page names them). */
  gen25GifSvg: false as boolean,
  /** §3.4: GIF frame caps measured by a third party: applied as limits. */
  gifFrameCaps: [
    { upToFrames: 9, maxFramePixels: 960 * 960 },
    { upToFrames: 12, maxFramePixels: 816 * 816 },
    { upToFrames: 16, maxFramePixels: 720 * 720 },
  ],
  /** §3.4: the GIF total pixel budget (frames x width x height), third party. */
  gifTotalPixels: 8_294_400,
  /** §3.4: minimum frame duration, from a third-party mirror of the reference. */
  gifMinFrameMs: 20,
  /** §1: whether GET /v1/models still lists a model past its shutdown date is unknown; Loupe's catalogue dates win either way. */
  shutdownFromCatalogueWins: true,
  /** §5 and §2: the Batch API is offered only where a model page or the pricing page names it (2.6, 2); 2.5 is UNCONFIRMED per model. */
  batchModels: ['gpt-image-2.6-sunburst', 'gpt-image-2.6-flare', 'gpt-image-2', 'gpt-image-2-2026-04-21'] as readonly string[],
  /** §5: how an edit's images travel in a JSONL line is UNCONFIRMED: the documented JSON edit body with base64 data URLs (ImageRefParam.image_url), no file ids, no multipart. */
  batchEditImages: 'data-url' as const,
  /** §4: Batch is 50% off the synchronous price. */
  batchDiscount: 0.5,
} as const;
