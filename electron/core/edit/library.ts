/**
 * The edit studio's side of the library: images come in through `importImage` (checked,
 * stored as the original file so history can reproduce an edit exactly), and every
 * derived image (mask, composite) is recorded with what it is and where it came from.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { LoupeError, type AssetView } from '../../shared';
import type { AssetKind, LibraryRepo } from '../db/library-repo';
import { decodeFailure, inspectInput, refuse } from '../images/inspect';
import { heicToPng, normaliseInput } from '../images/intake';
import { renderWebp, variantSpec, type ContentStore, type StoredAsset } from '../store/content-store';

/**
 * SVGs are drawn once, at import, at the largest size any model uses (gpt-image-2's
 * 3840x2160 canvas), and the PNG is what is stored: a vector file never reaches the
 * store, the painter or the API.
 */
export const SVG_RASTER_TARGET = { maxLongEdge: 3840, maxShortEdge: 2160, preferFormat: 'png' } as const;

export interface Size {
  width: number;
  height: number;
}

export class Library {
  readonly store: ContentStore;
  readonly repo: LibraryRepo;
  readonly #log: (message: string) => void;

  constructor(store: ContentStore, repo: LibraryRepo, log: (message: string) => void) {
    this.store = store;
    this.repo = repo;
    this.#log = log;
  }

  /**
   * Checks a file the user added (inspectInput: empty, damaged, not an image,
   * bombs, unsafe SVG, too many bytes; every refusal names the file), proves its pixels
   * decode (a truncated JPEG has a valid header), and stores it.
   */
  async importImage(name: string, dataBase64: string): Promise<AssetView> {
    const bytes = Buffer.from(dataBase64, 'base64');
    const info = await inspectInput(bytes, name);
    let stored: Buffer;
    let size: Size;
    let thumb: Buffer | null = null;
    if (info.format === 'svg') {
      const raster = await normaliseInput(bytes, name, SVG_RASTER_TARGET);
      stored = raster.bytes;
      size = { width: raster.width, height: raster.height };
    } else if (info.format === 'heic') {
      // Nothing past the import reads HEIC (not sharp, not the browser): the decoded photo,
      // upright, is stored losslessly as PNG, and its thumbnail made from that.
      const png = await heicToPng(info, bytes, name);
      stored = png.png;
      size = { width: png.width, height: png.height };
      const t = variantSpec('thumb');
      thumb = await renderWebp(sharp(png.png), t.max, t.quality).catch(() => null);
    } else {
      // The thumbnail is the decode check: strict decoding over every pixel, and the
      // library needs the thumbnail anyway.
      const t = variantSpec('thumb');
      try {
        thumb = await renderWebp(sharp(bytes, info.options), t.max, t.quality);
      } catch (err) {
        throw decodeFailure(name, err);
      }
      stored = bytes;
      size = { width: info.width, height: info.height };
    }
    let asset: StoredAsset;
    try {
      asset = await this.store.put(stored);
    } catch (err) {
      // The gate above and the store agree on formats; if they ever do not, still name the file.
      if (err instanceof LoupeError && err.code === 'INVALID_IMAGE') throw refuse(name, 'is not an image Loupe can store.');
      throw err;
    }
    if (thumb) await this.store.putVariant(asset.hash, 'thumb', thumb).catch((err: unknown) => this.#log(`thumbnail of ${name}: ${String(err)}`));
    return this.record(asset, 'input', name, size);
  }

  /** Records a stored file in a role and returns it as the renderer sees it (with this call's name). */
  record(asset: StoredAsset, kind: AssetKind, name: string, size: Size, extra: { sources?: readonly string[]; editedShare?: number; nameless?: boolean } = {}): AssetView {
    this.repo.record({
      hash: asset.hash,
      kind,
      name: extra.nameless ? null : name,
      mime: asset.mime,
      storedWidth: asset.width,
      storedHeight: asset.height,
      width: size.width,
      height: size.height,
      bytes: asset.bytes,
      sources: extra.sources,
      editedShare: extra.editedShare ?? null,
    });
    return { hash: asset.hash, name, mime: asset.mime, width: size.width, height: size.height, bytes: asset.bytes, kind, sources: [...(extra.sources ?? [])] };
  }

  /** NOT_FOUND naming `label` unless the file of `hash` is in the store. */
  requireStored(hash: string, label: string): void {
    if (!this.store.pathOf(hash)) throw gone(label);
  }

  /** The stored bytes of `hash`; NOT_FOUND naming `label` when the file is gone. */
  async original(hash: string, label: string): Promise<Buffer> {
    const path = this.store.pathOf(hash);
    if (!path) throw gone(label);
    try {
      return await readFile(path);
    } catch {
      throw gone(label);
    }
  }

  /** Size as displayed (EXIF orientation applied): from the library's record, else from the file's header. */
  async displayedSize(hash: string, label: string): Promise<Size> {
    const known = this.repo.get(hash);
    if (known && known.width > 0 && known.height > 0) return { width: known.width, height: known.height };
    const info = await inspectInput(await this.original(hash, label), label);
    return { width: info.width, height: info.height };
  }
}

function gone(label: string): LoupeError {
  return new LoupeError('NOT_FOUND', `${label} is no longer in the library. Add it again.`);
}
