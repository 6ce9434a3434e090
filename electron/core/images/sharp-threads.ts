import { availableParallelism } from 'node:os';
import sharp from 'sharp';

/*
 * Threads libvips gives each sharp pipeline. sharp's default is the number of cores,
 * except on glibc Linux, where it is 1: a server running dozens of pipelines at once
 * fragments glibc's heap with more. Loupe runs a few pipelines at a time, and on a
 * 1-thread pipeline a 24 MP JPEG decodes, resizes and encodes one stage after the
 * other: with 2 threads the resize and the encode run beside the (serial) decode, which
 * took preparing a camera file for gpt-image-2 from 161 to 120 ms (medians) on an
 * otherwise idle 2-core machine; on a busy one there is no idle core and it changes
 * nothing. Memory: after 60 rounds of two prepares and a pixel lock side by side, RSS
 * was 484 MB against 427 MB at 1 thread, and not growing. Capped at 4: past that the
 * decode, not the threads, is the limit.
 *
 * Imported for its effect by the modules that run the heavy pipelines, so every host
 * (Electron, web host, CLI, tests, bench) gets the same setting.
 */
export const SHARP_THREADS = Math.min(4, availableParallelism());
if (sharp.concurrency() < SHARP_THREADS) sharp.concurrency(SHARP_THREADS);
