/** Asserting on the LoupeError a promise rejects with, for tests that check more than its code. */
import { expect } from 'vitest';
import { LoupeError } from '../../../electron/shared';

/** Awaits `p`, which must reject with a LoupeError (with `code`, when given), and returns that error. */
export async function rejection(p: Promise<unknown>, code?: string): Promise<LoupeError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LoupeError);
    if (code !== undefined) expect((err as LoupeError).code).toBe(code);
    return err as LoupeError;
  }
  throw new Error('expected a rejection');
}
