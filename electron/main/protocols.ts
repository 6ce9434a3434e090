/**
 * Two custom schemes replace file://: loupe-app serves the built renderer (GET only,
 * one host, contained paths) and loupe-asset serves files of the content store only,
 * addressed by their SHA-256.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, ASSET_SCHEME, type AssetVariant } from '../shared/channels';
import type { Core } from '../core';
import { containedPath, rendererCsp, rendererMime } from '../core/host';
import { APP_HOST } from './trusted-origin';

export function registerSchemesAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    // corsEnabled: the mask painter reads imported masks' pixels into a canvas.
    { scheme: ASSET_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

const notFound = (): Response => new Response('Not found', { status: 404 });

export function handleProtocols(rendererDir: string, core: Core): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });
    const url = new URL(request.url);
    if (url.hostname !== APP_HOST) return notFound();
    const path = containedPath(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!path) return notFound();
    try {
      const body = await readFile(path);
      return new Response(body, {
        headers: {
          'content-type': rendererMime(path),
          'content-security-policy': rendererCsp(),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return notFound();
    }
  });

  protocol.handle(ASSET_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response('Method not allowed', { status: 405 });
    const url = new URL(request.url);
    const variants: Record<string, AssetVariant> = { store: 'full', thumb: 'thumb', preview: 'preview' };
    const variant = variants[url.hostname] ?? null;
    const hash = url.pathname.slice(1);
    if (!variant || !/^[0-9a-f]{64}$/.test(hash)) return notFound();
    const found = await core.resolveAsset(hash, variant);
    if (!found) return notFound();
    return new Response(await readFile(found.path), {
      headers: {
        'content-type': found.mime,
        'cache-control': 'private, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        // Only the app's own pages may read the pixels (canvas), never another origin.
        'access-control-allow-origin': `${APP_SCHEME}://${APP_HOST}`,
      },
    });
  });
}
