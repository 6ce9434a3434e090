// SVG bodies (reference 2026-12 §3.5): a real, deterministic SVG document of a
// few shapes derived from the prompt, and its `svg_usage`. The marker
// `[fake:svg:hostile]` returns an SVG carrying script, event handlers, an
// external image and foreignObject, so the app's sanitiser can be tested; the
// fake only serves it.
import { patternSvg, seedOf } from './images';
import { DEFAULT_SVG_MODEL, type SvgEffort } from './rules';
import { inputImageTokens, textTokens } from './tokens';
import type { SvgOptions } from './validate-output';

export interface SvgSpec {
  prompt: string;
  model: string;
  width: number;
  height: number;
  shapes: number;
  hostile: boolean;
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Everything an SVG sanitiser must remove; each is plainly recognisable in tests. */
export const HOSTILE_PARTS = {
  script: '<script type="text/javascript">window.__fakeSvgScript = true; alert(document.domain);</script>',
  onload: 'onload="window.__fakeSvgOnload = true"',
  handler: '<rect x="0" y="0" width="10" height="10" fill="red" onclick="alert(1)" onmouseover="alert(2)"/>',
  externalImage: '<image href="http://tracker.invalid/pixel.png" x="0" y="0" width="16" height="16"/>',
  foreignObject:
    '<foreignObject x="0" y="0" width="200" height="60"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="javascript:alert(3)"></iframe>html inside svg</div></foreignObject>',
  javascriptLink: '<a href="javascript:alert(4)"><circle cx="20" cy="20" r="8" fill="blue"/></a>',
};

/** The SVG text: the prompt's seeded shapes with its <title>; hostile adds HOSTILE_PARTS. */
export function svgDocument(s: SvgSpec): string {
  const body = patternSvg(seedOf('svg', s.prompt, s.model), s.width, s.height, false, s.shapes);
  const inner = body.slice(body.indexOf('>') + 1, body.lastIndexOf('</svg>'));
  const title = `<title>${escapeXml(s.prompt.slice(0, 200))}</title>`;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${s.width}" height="${s.height}" viewBox="0 0 ${s.width} ${s.height}"`;
  if (!s.hostile) return `<?xml version="1.0" encoding="UTF-8"?>\n${open}>${title}${inner}</svg>\n`;
  const h = HOSTILE_PARTS;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open} ${h.onload}>${title}${h.script}${inner}${h.handler}${h.externalImage}${h.foreignObject}${h.javascriptLink}</svg>\n`;
}

/** Reasoning tokens the SVG author spends, by effort: the fake's choice (not published, §4). */
export const SVG_REASONING_TOKENS: Record<SvgEffort, number> = {
  none: 0,
  minimal: 64,
  low: 256,
  medium: 1024,
  high: 4096,
  xhigh: 8192,
  max: 16384,
};
/** Effort when `svg.reasoning.effort` is omitted ("the author model's default", §3.5): the fake's choice. */
export const DEFAULT_SVG_EFFORT: SvgEffort = 'medium';

export interface SvgUsage {
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  total_tokens: number;
  model: string;
}

/**
 * svg_usage (§3.5): the author reads the prompt and the reference image (billed like an input
 * image, low fidelity) and writes the SVG (ceil(length / 4)) after reasoning; output includes reasoning.
 */
export function svgUsage(prompt: string, svgText: string, width: number, height: number, o: SvgOptions): SvgUsage {
  const input = textTokens(prompt) + inputImageTokens(width, height, false);
  const reasoning = SVG_REASONING_TOKENS[o.effort ?? DEFAULT_SVG_EFFORT];
  const output = textTokens(svgText) + reasoning;
  return { input_tokens: input, output_tokens: output, reasoning_tokens: reasoning, total_tokens: input + output, model: o.model ?? DEFAULT_SVG_MODEL };
}
