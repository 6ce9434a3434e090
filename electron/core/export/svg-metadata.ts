/**
 * XMP in an SVG: the packet inside a <metadata> element, the first child of the root
 * <svg>, which is where SVG puts RDF metadata and where Adobe's tools write XMP. The
 * packet's values are already XML-escaped (xmp-packet.ts), so a prompt cannot close the
 * element or add markup. Only text is inserted: the sanitised drawing is copied as it is.
 */
import { isSvgText } from '../images/svg-safety';

const OURS_ID = 'loupe-xmp';
const OURS_RE = new RegExp(`<metadata id="${OURS_ID}">[\\s\\S]*?</metadata>`);

export { isSvgText as isSvg };

/** The offset just past the root <svg ...> start tag, and whether it closes itself ("/>"). */
function rootStartTag(text: string): { end: number; selfClosing: boolean } {
  const prolog = /^\uFEFF?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i.exec(text);
  const at = prolog ? prolog[0].length : 0;
  if (!/^<svg[\s>/]/.test(text.slice(at, at + 5))) throw new RangeError('no <svg> root element');
  let quote = '';
  for (let i = at + 4; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return { end: i + 1, selfClosing: text[i - 1] === '/' };
    }
  }
  throw new RangeError('the <svg> start tag is not closed');
}

/** Returns the SVG with `packet` in Loupe's <metadata> element, replacing an earlier one of ours. */
export function setSvgXmp(bytes: Buffer, packet: string): Buffer {
  const text = bytes.toString('utf8').replace(OURS_RE, '');
  const { end, selfClosing } = rootStartTag(text);
  const element = `<metadata id="${OURS_ID}">${packet}</metadata>`;
  const out = selfClosing ? `${text.slice(0, end - 2)}>${element}</svg>${text.slice(end)}` : `${text.slice(0, end)}${element}${text.slice(end)}`;
  return Buffer.from(out, 'utf8');
}

/** The XMP packet Loupe wrote into an SVG, or null. */
export function readSvgXmp(bytes: Buffer): string | null {
  const m = OURS_RE.exec(bytes.toString('utf8'));
  return m ? m[0].slice(`<metadata id="${OURS_ID}">`.length, -'</metadata>'.length) : null;
}
