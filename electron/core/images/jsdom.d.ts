/*
 * The little of jsdom that svg-sanitise.ts uses. @types/jsdom is not installed on
 * purpose: it pulls the DOM lib into the main process's type program, which then
 * mistypes Node's own fetch/Request globals everywhere else.
 */
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: import('dompurify').WindowLike & {
      XMLSerializer: new () => { serializeToString(node: unknown): string };
    };
  }
}
