// Public entry point of the fake: the server, its types, and the token
// formulas (so tests can compute the usage they expect).
export { startFakeOpenAI, createFakeOpenAI } from './server';
export type {
  Endpoint,
  FakeModel,
  FakeOpenAI,
  FakeOpenAIOptions,
  FakeState,
  FaultKind,
  FaultSpec,
  ModelLatency,
  RecordedFile,
  RecordedPart,
  RecordedRequest,
} from './types';
export {
  PARTIAL_IMAGE_TOKENS,
  PLANNING_TOKENS,
  V2_Q,
  billedGifFrames,
  gptImage2OutputTokens,
  inputImageTokens,
  isCloserToSquare,
  outputImageTokens,
  requestUsage,
  streamImageUsage,
  textTokens,
  type ResolvedQuality,
  type Usage,
  type UsageRequest,
} from './tokens';
export { faultFromPrompt, hasMarker } from './faults';
export { V2_LIMITS, checkSize, checkGifSize, autoEditSize, autoGifSize } from './sizes';
export { RULES, GIF, DEFAULT_COMPLEXITY, type ModelRules } from './rules';
export { DEFAULT_MODELS, FAKE_TODAY, LIST_SHUT_DOWN_MODELS, imageFamily, isShutDown } from './models';
export { TYPICAL_MODEL_LATENCY, scaleLatency, modelLatencyMs } from './latency';
export { DRIFT_BY_MODEL, DRIFT_BY_QUALITY, driftLevel } from './edit-render';
export { HOSTILE_PARTS, svgUsage } from './svg-output';
