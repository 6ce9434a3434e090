/** Types for electron-builder.config.mjs, so tests can import it under strict TypeScript. */
export declare const FUSES: Readonly<Record<string, boolean>>;
export declare function electronBinaryPath(platform: string, appOutDir: string, productFilename: string, executableName: string): string;
export declare function fuseConfig(
  platform: string,
  arch: string,
  fuses: { FuseVersion: { V1: unknown }; FuseV1Options: Record<string, unknown> },
): Record<string | number, unknown>;
export interface AfterPackContext {
  electronPlatformName: string;
  appOutDir: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
export declare function afterPack(context: AfterPackContext): Promise<void>;
declare const config: Record<string, unknown> & {
  asarUnpack: string[];
  afterPack: typeof afterPack;
  files: string[];
  win: { target: { target: string; arch: string[] }[] };
  mac: { target: { target: string; arch: string[] }[]; hardenedRuntime: boolean; entitlements: string };
  linux: { target: { target: string; arch: string[] }[] };
};
export default config;
