/**
 * `loupe batch`: one recipe over every photo of a folder (recursively), results in a folder
 * mirroring it. The batch lives in the library like one started from the app: run the same
 * command again after an interruption and the core resumes it, skipping what is done and
 * sending nothing twice.
 */
import { BackgroundSchema, ComplexitySchema, ModerationSchema, OutputFormatSchema, QualitySchema, type BatchRecipe, type BatchStartInput, type BatchView } from '../shared';
import { absolute, intOption, oneOf, parse, UsageError, type Context } from './common';
import { EXIT, type ExitCode } from './exit-codes';
import { DEFAULT_MODEL, readInput, resolveKit } from './images';
import { formatUsd } from './output';
import type { Session } from './session';

export const BATCH_HELP = `Usage: loupe batch --input DIR --output DIR --prompt TEXT [options]

Applies one edit to every photo in a folder and its subfolders; results go to a folder that
mirrors it, named by the template, with each photo's metadata kept and the recipe recorded.
Interrupted (Ctrl+C, a crash, a reboot)? Run the same command again: it resumes.

      --input DIR         the photos (searched recursively)
      --output DIR        where the results go (subfolders mirrored)
  -p, --prompt TEXT       the edit (may be empty with --preset)
  -m, --model M           ${DEFAULT_MODEL} (default), …
  -q, --quality Q         low, medium, high, xhigh, max, auto (default: auto)
      --complexity C      low, medium, high (GPT Image 2.6)
  -s, --size WxH          or auto (default)
      --format F          png (default), jpeg, webp
      --kit NAME|ID       a brand kit; with --preset, its prompt preset
      --preset NAME|ID    the kit preset to use
      --reference FILE    an extra reference image for every photo (repeatable)
      --mask FILE         a mask template, scaled to each photo; the result is pixel-locked
      --name TEMPLATE     file names, e.g. "{source}-edit" (default: {source})
      --budget USD        stop before spending more than this
      --concurrency N     jobs sent at once, 1-16 (unless the app's Settings set it)
      --economy           use the Batch API: half price, finished within 24 hours

Prints a progress bar on a terminal, then the counts (--json: the batch with every item).
Exit code 0 when every photo succeeded, 3 when some failed or the budget stopped it.`;

const DONE = new Set(['done', 'budget-stopped', 'canceled']);

export const BATCH_OPTIONS = {
  input: { type: 'string' },
  output: { type: 'string' },
  prompt: { type: 'string', short: 'p' },
  model: { type: 'string', short: 'm' },
  quality: { type: 'string', short: 'q' },
  complexity: { type: 'string' },
  size: { type: 'string', short: 's' },
  format: { type: 'string' },
  kit: { type: 'string' },
  preset: { type: 'string' },
  reference: { type: 'string', multiple: true },
  mask: { type: 'string' },
  name: { type: 'string' },
  budget: { type: 'string' },
  concurrency: { type: 'string' },
  economy: { type: 'boolean', default: false },
} as const;

export async function batch(ctx: Context, argv: string[]): Promise<ExitCode> {
  const { values } = parse(argv, BATCH_OPTIONS);
  if (!values.input) throw new UsageError('Give the photos\' folder: --input DIR.');
  if (!values.output) throw new UsageError('Give the results\' folder: --output DIR.');
  if (values.prompt === undefined && values.preset === undefined) throw new UsageError('Give the edit: --prompt TEXT (or --kit K --preset P).');
  const budget = values.budget === undefined ? null : Number(values.budget);
  if (budget !== null && !(Number.isFinite(budget) && budget > 0)) throw new UsageError(`--budget must be a positive number of dollars, not "${values.budget}".`);
  const complexity = oneOf('complexity', values.complexity, ComplexitySchema.options);
  const references = await Promise.all((values.reference ?? []).map(readInput));
  const maskFile = values.mask === undefined ? undefined : await readInput(values.mask);

  const concurrency = intOption('concurrency', values.concurrency, 1, 16);
  const session = await ctx.open(concurrency === undefined ? undefined : { concurrency });
  try {
    const kit = await resolveKit(session, values.kit, values.preset);
    const refs = [];
    for (const r of references) refs.push(await session.call('assets:import', r));
    // The mask template is any image of the library; imported like a photo, scaled per photo by the core.
    const mask = maskFile ? await session.call('assets:import', maskFile) : undefined;
    const recipe: BatchRecipe = {
      model: values.model ?? DEFAULT_MODEL,
      prompt: values.prompt ?? '',
      ...(kit ? { kit: { id: kit.id, ...(kit.presetId ? { presetId: kit.presetId } : {}) } } : {}),
      references: refs.map((a) => ({ hash: a.hash, name: a.name })),
      ...(mask ? { maskTemplate: mask.hash, pixelLock: { enabled: true, feather: 8, grow: 4, resolution: 'original' as const } } : {}),
      quality: oneOf('quality', values.quality, QualitySchema.options, 'auto'),
      size: values.size ?? 'auto',
      outputFormat: oneOf('format', values.format, OutputFormatSchema.options, 'png'),
      background: oneOf('background', undefined, BackgroundSchema.options, 'auto'),
      moderation: oneOf('moderation', undefined, ModerationSchema.options, 'auto'),
      ...(complexity ? { complexity } : {}),
    };
    const start: BatchStartInput = {
      inputDir: absolute(values.input),
      outputDir: absolute(values.output),
      recipe,
      ...(values.name ? { namingTemplate: values.name } : {}),
      mode: values.economy ? 'economy' : 'now',
      budgetUsd: budget,
    };
    const plan = await session.call('batches:plan', start);
    if (plan.files === 0) throw new UsageError(`No photos in ${plan.inputDir}${plan.skipped.length ? ` (${plan.skipped.length} files skipped)` : ''}.`);
    const resumed = plan.existing ? `, resuming batch ${plan.existing.batchId} (${plan.existing.done} done)` : '';
    const price = values.economy ? plan.estimate.economyUsd : plan.estimate.nowUsd;
    if (!ctx.printer.json) ctx.printer.warn(`${plural(plan.files, 'photo')}${plan.folders > 1 ? ` in ${plural(plan.folders, 'folder')}` : ''}, about ${formatUsd(price)}${resumed}.`);
    const started = await session.call('batches:start', start);
    const view = await watch(ctx, session, started.id);
    return report(ctx, view);
  } finally {
    await session.close();
  }
}

async function watch(ctx: Context, session: Session, batchId: number): Promise<BatchView> {
  let wake: (() => void) | null = null;
  const off = session.onEvent((e) => {
    if ((e.type === 'batch' && e.batchId === batchId) || e.type === 'job') wake?.();
  });
  try {
    for (;;) {
      const v = await session.call('batches:get', { batchId });
      const c = v.counts;
      const finished = c.succeeded + c.failed + c.canceled + c.skipped;
      ctx.printer.progress(`Batch ${batchId}`, finished, c.total, [c.failed ? `${c.failed} failed` : '', formatUsd(v.spentUsd)].filter(Boolean).join('  '));
      if (DONE.has(v.status)) {
        ctx.printer.endProgress();
        return v;
      }
      // A timer that holds the process open: an economy batch has nothing else running while it waits.
      await new Promise<void>((r) => ((wake = r), setTimeout(r, 2000)));
    }
  } finally {
    off();
  }
}

function report(ctx: Context, v: BatchView): ExitCode {
  const c = v.counts;
  const human = [`Batch ${v.id} ${v.status}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped of ${c.total} (${formatUsd(v.spentUsd)}).`, `Results in ${v.outputDir}`];
  for (const i of v.items) if (i.status === 'failed') human.push(`  ${i.relPath}: ${i.error?.code ?? 'FAILED'} ${i.error?.message ?? ''}`);
  if (v.note) human.push(v.note);
  ctx.printer.result(human, { batch: v });
  return v.status === 'done' && c.failed === 0 ? EXIT.OK : EXIT.FAILED;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
