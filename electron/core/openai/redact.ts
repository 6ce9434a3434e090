/**
 * The API key must never reach the renderer or a log. Error text from the SDK, the
 * network stack or a gateway can echo headers, so every message that leaves the core
 * passes through here: the known key is cut out, and anything shaped like an OpenAI
 * key (sk-…, sess-…) is masked even when we do not know it (a key from the env of a
 * previous run, a key pasted into a base URL...).
 */
const KEY_SHAPES = /\b(sk|sess)-[A-Za-z0-9_-]{6,}/g;

export function redact(text: string, ...secrets: Array<string | null | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('[redacted key]');
  }
  return out.replace(KEY_SHAPES, (m, prefix: string) => `${prefix}-…${m.slice(-4)}`);
}
