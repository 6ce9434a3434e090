/**
 * The edit studio's use of a markup layer (reference §3.2): a transparent PNG at the
 * first image's oriented size, with some transparent and some drawn pixels. The checks
 * (format, shape, empty, opaque) and the resize are images/markup's; this gives every
 * caller the same PNG bytes and the planner the shape test masks use too.
 */
import { LoupeError } from '../../shared';
import { prepareMarkup } from '../images/markup';

/** Proportions within 1% are the same shape give or take the rounding of a resize (as masks). */
const ASPECT_TOLERANCE = 0.01;

export interface Size {
  width: number;
  height: number;
}

export function sameShape(a: Size, b: Size): boolean {
  return Math.abs(a.width / a.height / (b.width / b.height) - 1) <= ASPECT_TOLERANCE;
}

/**
 * The markup as an RGBA PNG of exactly `width`x`height` (a layer of the same shape is
 * scaled); INVALID_IMAGE, worded for the person, when it cannot be sent.
 */
export async function markupAtSize(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  try {
    return (await prepareMarkup(bytes, width, height)).png;
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw new LoupeError('INVALID_IMAGE', 'The markup could not be read: it is damaged. Draw it again.');
  }
}
