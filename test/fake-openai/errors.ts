// Error bodies in the API's shape: {"error":{"message","type","param","code"}}.
// Messages copy the wording style of the real API (reference §7) so the app's
// error mapping is exercised against realistic text, not just codes.

export interface ModerationDetails {
  moderation_stage: 'input' | 'output' | 'unknown';
  categories: string[];
}

export interface ErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | number | null;
  moderation_details?: ModerationDetails;
}

/** Thrown anywhere in request handling; the server turns it into a response. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly body: ErrorBody,
    public readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

const REQ = 'invalid_request_error';

function bad(message: string, param: string | null, code: string | null): ApiError {
  return new ApiError(400, { message, type: REQ, param, code });
}

/** "'a', 'b', and 'c'" — the API's list style. */
export function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `'${v}'`);
  if (q.length <= 1) return q.join('');
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/** JSON-ish type name as the API reports it in invalid_type messages. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

export const errors = {
  unknownParameter: (name: string) => bad(`Unknown parameter: '${name}'.`, name, 'unknown_parameter'),
  unsupportedParameter: (name: string, model: string, why: string) =>
    bad(`Unsupported parameter: '${name}' is not supported with the model '${model}'. ${why}`, name, 'unsupported_parameter'),
  missing: (name: string) => bad(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter'),
  /** gotName overrides the derived type name (e.g. 'a file' for multipart parts). */
  invalidType: (name: string, expected: string, got: unknown, gotName?: string) =>
    bad(`Invalid type for '${name}': expected ${expected}, but got ${gotName ?? typeName(got)} instead.`, name, 'invalid_type'),
  invalidValue: (name: string, value: unknown, allowed: readonly string[]) =>
    bad(`Invalid value: '${String(value)}'. Supported values are: ${quoteList(allowed)}.`, name, 'invalid_value'),
  /** Free-text invalid_value for rules that are not enums (sizes, combinations). */
  invalidValueMsg: (name: string, message: string) => bad(message, name, 'invalid_value'),
  belowMin: (name: string, min: number, got: number) =>
    bad(`Invalid '${name}': integer below minimum value. Expected a value >= ${min}, but got ${got} instead.`, name, 'integer_below_min_value'),
  aboveMax: (name: string, max: number, got: number) =>
    bad(`Invalid '${name}': integer above maximum value. Expected a value <= ${max}, but got ${got} instead.`, name, 'integer_above_max_value'),
  emptyString: (name: string) =>
    bad(`Invalid '${name}': empty string. Expected a string with minimum length 1, but got an empty string instead.`, name, 'empty_string'),
  stringTooLong: (name: string, max: number, got: number) =>
    bad(`Invalid '${name}': string too long. Expected a string with maximum length ${max}, but got a string with length ${got} instead.`, name, 'string_above_max_length'),
  emptyArray: (name: string) =>
    bad(`Invalid '${name}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, name, 'empty_array'),
  arrayTooLong: (name: string, max: number, got: number) =>
    bad(`Invalid '${name}': array too long. Expected an array with maximum length ${max}, but got an array with length ${got} instead.`, name, 'array_above_max_length'),
  badJson: () =>
    bad(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
      null,
      null,
    ),
  badRequest: (message: string, param: string | null = null, code: string | null = null) => bad(message, param, code),
  // [unsure] code: the reference lists none for this message; null is the safest guess.
  unsupportedMime: (field: 'image' | 'mask' | 'markup', mime: string) =>
    bad(
      `Invalid file '${field}': unsupported mimetype ('${mime}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
      field,
      null,
    ),
  invalidImageFile: (what: string, param: string) =>
    new ApiError(400, {
      message: `Invalid image file or mode for ${what}, please check your image file.`,
      type: 'image_generation_user_error',
      param,
      code: 'invalid_image_file',
    }),
  modelNotFound: (model: string) =>
    new ApiError(404, {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: REQ,
      param: null,
      code: 'model_not_found',
    }),
  // Wording of the API's deprecated-model answer (3p trackers quote it; UNCONFIRMED for the
  // 2026-12-01 shutdowns, reference 2026-12 §1 notes, §6). The brief asks for param 'model'.
  modelShutDown: (model: string) =>
    new ApiError(404, {
      message: `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
      type: REQ,
      param: 'model',
      code: 'model_not_found',
    }),
  invalidUrl: (method: string, path: string) =>
    new ApiError(404, { message: `Invalid URL (${method} ${path})`, type: REQ, param: null, code: null }),
  // The real API answers a missing key with code null and an invalid one with
  // invalid_api_key; the SDK never sends a request without a key anyway.
  missingKey: () =>
    new ApiError(401, {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      type: REQ,
      param: null,
      code: null,
    }),
  invalidKey: (key: string) =>
    new ApiError(401, {
      message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: REQ,
      param: null,
      code: 'invalid_api_key',
    }),
  verificationRequired: (model: string) =>
    new ApiError(403, {
      message: `Your organization must be verified to use the model \`${model}\`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.`,
      type: REQ,
      param: null,
      code: null,
    }),
};

/** sk-...abcd: never echo a whole key, not even a fake one. */
export function maskKey(key: string): string {
  if (key.length <= 8) return `${key.slice(0, 3)}...`;
  return `${key.slice(0, 3)}...${key.slice(-4)}`;
}
