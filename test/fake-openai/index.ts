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
  RecordedFile,
  RecordedRequest,
} from './types';
export {
  PARTIAL_IMAGE_TOKENS,
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
export { faultFromPrompt } from './faults';
export { V2_LIMITS, checkSize, autoEditSize } from './sizes';
