// heic-decode ships no types: the one call Loupe makes.
declare module 'heic-decode' {
  function decode(input: { buffer: Buffer | Uint8Array | ArrayBuffer }): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
  export default decode;
}
