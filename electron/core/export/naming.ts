/**
 * Output file names. The code is pure and lives in the contract (electron/shared/naming.ts)
 * so the renderer's example name and the files the core writes can never disagree.
 */
export { DEFAULT_TEMPLATE, MAX_NAME_BYTES, MAX_NAME_CHARS, isReservedName, labelToken, renderName, safeFileName, slugify, type NameContext } from '../../shared/naming';
