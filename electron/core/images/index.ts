// The image core: everything Loupe does to pixels with sharp, as plain Node.
export { normaliseInput, targetForModel, LOW_FIDELITY_TARGET, HIGH_FIDELITY_TARGET, type NormalisedInput, type InputTarget, type SentMime } from './intake';
export { INPUT_LIMITS, MAX_INPUT_BYTES, MAX_INPUT_PIXELS, inspectInput, type InputLimits, type Inspected, type InputFormat } from './inspect';
export { importMask, validateMask, maskFromPaintedAlpha, editedShareOf, MAX_MASK_BYTES, type MaskResult } from './mask';
export { pixelLock, DEFAULT_LEAK_THRESHOLD, type PixelLockOptions, type PixelLockResult, type LeakageMetrics, type Alignment } from './paste-back';
export { composeImages, layoutImages, MAX_COMPOSE_HEIGHT, type ComposeOptions, type Composition, type Placement } from './compose';
