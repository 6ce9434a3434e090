/**
 * Content Credentials (C2PA) for the rest of the core. Anything that re-encodes, resizes or
 * otherwise rewrites an image's pixels calls
 *   credentials.credentialsForReencode(originalBytes, newBytes, format, actions)
 * on the runtime's CredentialsService (OutputExporter has it as `deps.credentials`) and
 * saves what it returns: the new bytes with a manifest naming the original, and its
 * credentials, as parent.
 */
export { CredentialsService, mimeOfBytes, type CredentialsOptions } from './credentials-service';
export { readCredentials, supportsCredentials, type ReadResult } from './read';
export type { CredentialAction, CredentialIngredient, SourceType } from './sign';
