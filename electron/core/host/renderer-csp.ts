/**
 * The renderer's Content-Security-Policy, sent as a header as well as the page's meta tag.
 * Here, not in a host, because both hosts serve the renderer and must send the same policy.
 */
import { ASSET_SCHEME } from '../../shared/channels';

export function rendererCsp(extraImgSrc: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${[`${ASSET_SCHEME}:`, ...extraImgSrc].join(' ')}`,
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
