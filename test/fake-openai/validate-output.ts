// Rules that tie parameters to the output format and to each other (reference
// 2026-12 §3.2 markup, §3.4 GIF, §3.5 SVG, §3.6 output_compression).
import { errors } from './errors';
import type { Raw, Reader } from './reader';
import { GIF, SVG_EFFORTS, type OutputFormat, type SvgEffort } from './rules';
import { checkGifSize, type Size } from './sizes';

export interface SvgOptions {
  /** The SVG author model; optional on edits, required inside the object on generations (§3.5). */
  model?: string;
  effort?: SvgEffort;
}

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `svg` object: { model, reasoning: { effort } }; multipart arrives folded from svg[...] fields. */
export function readSvg(r: Reader, endpoint: 'generations' | 'edits'): SvgOptions | undefined {
  const v = r.get('svg');
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw errors.invalidType('svg', 'an object', v);
  for (const k of Object.keys(v)) if (k !== 'model' && k !== 'reasoning') throw errors.unknownParameter(`svg.${k}`);
  const out: SvgOptions = {};
  if (v.model === undefined || v.model === null) {
    if (endpoint === 'generations') throw errors.missing('svg.model');
  } else if (typeof v.model !== 'string') {
    throw errors.invalidType('svg.model', 'a string', v.model);
  } else if (v.model.length === 0) {
    throw errors.emptyString('svg.model');
  } else {
    out.model = v.model;
  }
  const reasoning = v.reasoning;
  if (reasoning !== undefined && reasoning !== null) {
    if (!isObject(reasoning)) throw errors.invalidType('svg.reasoning', 'an object', reasoning);
    for (const k of Object.keys(reasoning)) if (k !== 'effort') throw errors.unknownParameter(`svg.reasoning.${k}`);
    const effort = reasoning.effort;
    if (effort !== undefined && effort !== null) {
      if (typeof effort !== 'string') throw errors.invalidType('svg.reasoning.effort', 'a string', effort);
      if (!(SVG_EFFORTS as readonly string[]).includes(effort)) throw errors.invalidValue('svg.reasoning.effort', effort, SVG_EFFORTS);
      out.effort = effort as SvgEffort;
    }
  }
  return out;
}

export interface OutputChoice {
  outputFormat: OutputFormat;
  outputCompression: number | undefined;
  background: string;
  stream: boolean;
  partialImages: number;
  n: number;
  size: Size | 'auto';
  svg: SvgOptions | undefined;
}

const onlyWith = (param: string, format: string) =>
  errors.invalidValueMsg(param, `Invalid value for '${param}': only supported when 'output_format' is '${format}'.`);
const notWith = (param: string, label: string, what: string) =>
  errors.invalidValueMsg(param, `Invalid value for '${param}': ${label} output does not support ${what}.`);

/** Format-dependent rules; returns the GIF frame settings (undefined for other formats). */
export function checkOutputRules(r: Reader, o: OutputChoice): { frameCount?: number; frameDurationMs?: number } {
  const frameCount = r.int('frame_count', GIF.minFrames, GIF.maxFrames);
  const duration = r.int('frame_duration_ms', GIF.minDurationMs, Number.MAX_SAFE_INTEGER);
  const gif = o.outputFormat === 'gif';
  const svg = o.outputFormat === 'svg';
  const label = gif ? 'GIF' : 'SVG';
  if (!gif && frameCount !== undefined) throw onlyWith('frame_count', 'gif');
  if (!gif && duration !== undefined) throw onlyWith('frame_duration_ms', 'gif');
  if (!svg && o.svg) throw onlyWith('svg', 'svg');

  if (o.outputCompression !== undefined && (gif || svg)) throw notWith('output_compression', label, 'custom output compression');
  if (o.outputCompression !== undefined && o.outputFormat === 'png') {
    throw errors.invalidValueMsg(
      'output_compression',
      "Invalid value for 'output_compression': compression is only supported with the 'jpeg' and 'webp' output formats, but 'output_format' is 'png'.",
    );
  }
  if (o.background === 'transparent' && o.outputFormat === 'jpeg') {
    throw errors.invalidValueMsg(
      'background',
      "Invalid value: 'transparent'. Transparent backgrounds require 'output_format' to be 'png' or 'webp'; 'jpeg' does not support transparency.",
    );
  }
  if ((gif || svg) && o.stream) throw notWith('stream', label, 'streaming');
  if ((gif || svg) && o.partialImages > 0) throw notWith('partial_images', label, 'partial images');
  if (gif && r.has('mask')) throw notWith('mask', label, 'masks');
  if (svg && o.n !== 1) throw errors.invalidValueMsg('n', `Invalid value for 'n': SVG output requires 'n' to be 1, but got ${o.n}.`);
  if (r.has('markup') && r.has('mask')) {
    throw errors.invalidValueMsg('markup', "Invalid value for 'markup': 'markup' cannot be combined with 'mask'; send one or the other.");
  }
  if (!gif) return {};
  const frames = frameCount ?? GIF.defaultFrames;
  if (o.size !== 'auto') checkGifSize(o.size, frames);
  // Rounded to the nearest 10 ms, the encoded delay capped at 655,350 ms (§3.4).
  const ms = Math.min(Math.round((duration ?? GIF.defaultDurationMs) / 10) * 10, GIF.maxEncodedDurationMs);
  return { frameCount: frames, frameDurationMs: ms };
}
