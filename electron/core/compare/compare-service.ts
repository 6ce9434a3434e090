/**
 * The comparison lab: experiments whose variants are ordinary edit jobs (started through
 * jobs:edit, so they are priced, queued, retried and listed like any job), measured
 * against their source once each job has finished.
 */
import {
  EditParamsSchema,
  estimate,
  expectedSeconds,
  findModel,
  LoupeError,
  type CompareEstimate,
  type CompareSource,
  type ExperimentView,
  type FaceIdentity,
  type JobEvent,
  type JobView,
  type Region,
  type VariantMetrics,
  type VariantSpec,
  type VariantView,
} from '../../shared';
import type { JobsRepo } from '../db/jobs-repo';
import type { OrganiseRepo } from '../db/organise-repo';
import type { EditPlanner } from '../edit/edit-plan';
import type { Library } from '../edit/library';
import { checkBudget } from '../jobs/budget';
import type { KitService } from '../kits/kit-service';
import type { SettingsService } from '../settings/settings-service';
import type { ContentStore } from '../store/content-store';
import type { BaseEdit, CompareRepo, ExperimentRow, VariantRow } from './compare-repo';
import { CHANGED_DELTA_E, diffMap, displayedSize, SCALE_MAX, UNSEEN_DELTA_E } from './diff-map';
import { faceEngine, matchFaces, SAME_PERSON_THRESHOLD, type FoundFace } from './faces';
import { findLogo } from './logo-search';
import { MEASURE_EDGE, measureOutput, prepareSource, regionSsim, toSource, toWorking, type PreparedSource } from './measure';
import { renderSheet, type SheetCell } from './sheet';
import { saveOutput } from '../export/save-output';
import { safeFileName } from '../export/naming';

export interface CompareDeps {
  repo: CompareRepo;
  jobs: JobsRepo;
  planner: EditPlanner;
  library: Library;
  store: ContentStore;
  settings: SettingsService;
  organise: OrganiseRepo;
  kits?: KitService;
  /** The jobs:edit handler: every variant is an ordinary edit job. */
  startEdit: (params: unknown) => Promise<{ jobId: number }>;
  emit: (event: JobEvent) => void;
  now: () => number;
  log: (message: string) => void;
  /** Jobs the queue runs at once: how many waves the variants take. */
  concurrency: number;
}

const DEFAULT_LOCK = { enabled: false, feather: 6, grow: 3, resolution: 'original' as const };

const invalid = (message: string, detail?: Record<string, unknown>) => new LoupeError('INVALID_ARGUMENTS', message, detail);

/** "2.6 Flare · low · mask · locked": what a variant is, in the table's words. */
export function variantLabel(spec: VariantSpec): string {
  const model = (findModel(spec.model)?.label ?? spec.model).replace(/^GPT Image /, '');
  const parts = [model, spec.quality];
  if (spec.complexity) parts.push(`complexity ${spec.complexity}`);
  parts.push(spec.guide === 'none' ? 'no guide' : spec.guide);
  if (spec.pixelLock) parts.push('locked');
  return parts.join(' · ');
}

/** The edit parameters of one variant: the source edit with the variant's model, quality, complexity, guide and lock. */
export function variantParams(base: BaseEdit, spec: VariantSpec, label: string): Record<string, unknown> {
  const { mask, markup, inputFidelity: _fidelity, complexity: _complexity, confirmOverBudget: _confirm, gif: _gif, svg: _svg, ...rest } = base;
  if (spec.guide === 'mask' && !mask) throw invalid(`Variant "${label}" is guided by the mask, but the edit has no mask: paint one, or choose markup or no guide.`, { param: 'guide' });
  if (spec.guide === 'markup' && !markup) throw invalid(`Variant "${label}" is guided by the markup, but the edit has no markup: draw one, or choose the mask or no guide.`, { param: 'guide' });
  if (spec.pixelLock && spec.guide !== 'mask') throw invalid(`Variant "${label}": pixel lock keeps the source outside the mask, so it needs the mask as its guide.`, { param: 'pixelLock' });
  // The lab compares still pictures: an animated or vector source edit is compared as PNG.
  const still = rest.outputFormat === 'gif' || rest.outputFormat === 'svg';
  return {
    ...rest,
    ...(still ? { outputFormat: 'png', outputCompression: undefined } : {}),
    model: spec.model,
    quality: spec.quality,
    n: 1,
    ...(spec.complexity ? { complexity: spec.complexity } : {}),
    ...(spec.guide === 'mask' ? { mask } : {}),
    ...(spec.guide === 'markup' ? { markup } : {}),
    pixelLock: { ...(base.pixelLock ?? DEFAULT_LOCK), enabled: spec.pixelLock },
  };
}

/** Checked as jobs:edit will check it (a placeholder prompt while the edit is still a draft). */
function checkVariant(params: Record<string, unknown>, label: string, draft: boolean): void {
  const prompt = typeof params.prompt === 'string' && params.prompt.trim() !== '' ? params.prompt : draft ? 'estimate' : params.prompt;
  const parsed = EditParamsSchema.safeParse({ ...params, prompt });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`Variant "${label}": ${issue.message}`, { param: issue.path.join('.') });
  }
}

function uniqueLabels(specs: readonly VariantSpec[], taken: readonly string[] = []): string[] {
  const used = new Set(taken);
  return specs.map((s) => {
    const base = s.label ?? variantLabel(s);
    let label = base;
    for (let n = 2; used.has(label); n++) label = `${base} (${n})`;
    used.add(label);
    return label;
  });
}

export class CompareService {
  private measuring: Promise<void> = Promise.resolve();
  /** Variants queued or being measured; true: asked again meanwhile. */
  private readonly queued = new Map<number, boolean>();
  private readonly sources = new Map<string, Promise<PreparedSource>>();
  private readonly sourceFaces = new Map<string, Promise<FoundFace[]>>();
  private readonly diffCache = new Map<string, Promise<import('../../shared').DiffMapResult>>();

  constructor(private readonly d: CompareDeps) {}

  // ---- sources and estimates ----

  /** The edit the variants run: a job of the history (an edit's settings, or a generation's first output as the image) or a draft. */
  baseOf(source: CompareSource): { base: BaseEdit; sourceJobId: number | null } {
    if ('draft' in source) return { base: source.draft, sourceJobId: null };
    const job = this.d.jobs.get(source.jobId);
    if (!job) throw new LoupeError('NOT_FOUND', `Job ${source.jobId} is not in the history.`);
    const { gif: _gif, svg: _svg, inputs, mask, markup, pixelLock, ...params } = job.params;
    let candidate: Record<string, unknown>;
    if (job.kind === 'edit' && inputs && inputs.length > 0) {
      candidate = { ...params, inputs, ...(mask ? { mask } : {}), ...(markup ? { markup } : {}), pixelLock: pixelLock ?? DEFAULT_LOCK };
    } else {
      const out = job.outputs[0];
      if (!out) throw invalid(`Job ${job.id} has no output to compare edits of.`);
      const { inputFidelity: _f, kit: _k, parentOutputId: _p, ...gen } = params;
      candidate = { ...gen, inputs: [{ hash: out.assetHash, name: `Job ${job.id} output` }], pixelLock: DEFAULT_LOCK, parentOutputId: out.id };
    }
    if (candidate.outputFormat === 'gif' || candidate.outputFormat === 'svg') candidate.outputFormat = 'png';
    candidate.prompt = job.prompt;
    if (job.projectId !== null) candidate.projectId = job.projectId;
    const parsed = EditParamsSchema.safeParse(candidate);
    if (!parsed.success) throw invalid(`Job ${job.id} cannot be compared as it was: ${parsed.error.issues[0]?.message ?? 'its settings are not an edit'}.`);
    return { base: parsed.data, sourceJobId: job.id };
  }

  async estimate(source: CompareSource, specs: readonly VariantSpec[]): Promise<CompareEstimate> {
    const { base } = this.baseOf(source);
    const labels = uniqueLabels(specs);
    const rows: CompareEstimate['variants'] = [];
    for (const [i, spec] of specs.entries()) {
      const label = labels[i]!;
      const params = variantParams(base, spec, label);
      checkVariant(params, label, true);
      const plan = await this.d.planner.plan(params as never);
      const usd = plan.estimate.costUsd;
      let low = usd;
      let high = usd;
      if (spec.quality === 'auto') {
        // Auto lets the model choose: the catalogue's low and high qualities bound it.
        const at = (quality: 'low' | 'high') =>
          estimate({ model: spec.model, prompt: base.prompt, n: 1, size: base.size, quality, partialImages: base.partialImages, stream: base.stream, inputs: plan.inputs.map((p) => p.sent), complexity: spec.complexity }).costUsd;
        low = Math.min(usd, at('low'));
        high = Math.max(usd, at('high'));
      }
      const model = findModel(spec.model)!;
      const seconds = expectedSeconds({ model, quality: spec.quality, size: base.size, format: (params.outputFormat as 'png') ?? 'png', edit: true });
      rows.push({ label, estimatedUsd: { usd, low, high }, expectedSeconds: seconds, assumptions: plan.estimate.assumptions });
    }
    const waves = Math.ceil(rows.length / Math.max(1, this.d.concurrency));
    const sum = (f: (r: CompareEstimate['variants'][number]) => number) => Math.round(rows.reduce((s, r) => s + f(r), 0) * 1e6) / 1e6;
    return {
      variants: rows,
      total: {
        estimatedUsd: { usd: sum((r) => r.estimatedUsd.usd), low: sum((r) => r.estimatedUsd.low), high: sum((r) => r.estimatedUsd.high) },
        expectedSeconds: { low: Math.max(...rows.map((r) => r.expectedSeconds.low)), high: Math.max(...rows.map((r) => r.expectedSeconds.high)) * waves },
      },
    };
  }

  // ---- running ----

  async start(a: { name?: string; source: CompareSource; variants: VariantSpec[]; confirmOverBudget?: boolean }): Promise<{ experimentId: number; jobIds: number[] }> {
    const { base, sourceJobId } = this.baseOf(a.source);
    const labels = uniqueLabels(a.variants);
    const params = a.variants.map((spec, i) => {
      const p = variantParams(base, spec, labels[i]!);
      checkVariant(p, labels[i]!, false);
      return p;
    });
    if (!(await this.d.settings.apiKey())) throw new LoupeError('NO_API_KEY', 'Add your OpenAI API key in Settings first.');
    // The whole experiment against the project's budget, once: its variants then go ahead without asking again.
    if (base.projectId !== undefined && a.confirmOverBudget !== true) {
      const est = await this.estimate({ draft: base }, a.variants);
      checkBudget(this.d.organise, base.projectId, est.total.estimatedUsd.usd, false);
    }
    const first = base.inputs[0]!;
    this.d.library.requireStored(first.hash, `"${first.name || 'Image 1'}"`);
    const experimentId = this.d.repo.create({
      name: a.name ?? (base.prompt.trim().slice(0, 60) || `Comparison of ${a.variants.length} variants`),
      prompt: base.prompt,
      sourceHash: first.hash,
      maskHash: base.mask ?? null,
      markupHash: base.markup ?? null,
      base,
      sourceJobId,
    });
    void faceEngine(); // loads in the background while the jobs run
    const jobIds: number[] = [];
    for (const [i, p] of params.entries()) {
      try {
        jobIds.push(await this.addJob(experimentId, labels[i]!, a.variants[i]!, { ...p, ...(base.projectId !== undefined ? { confirmOverBudget: true } : {}) }));
      } catch (err) {
        if (i === 0) throw err;
        const why = err instanceof Error ? err.message : String(err);
        throw new LoupeError(err instanceof LoupeError ? err.code : 'INTERNAL', `${i} of ${params.length} variants started (experiment ${experimentId}); "${labels[i]}" did not: ${why}`);
      }
    }
    return { experimentId, jobIds };
  }

  async addVariant(experimentId: number, spec: VariantSpec, confirmOverBudget?: boolean): Promise<{ jobId: number; variantId: number }> {
    const e = this.d.repo.require(experimentId);
    const taken = this.d.repo.variants(experimentId).map((v) => v.label);
    const [label] = uniqueLabels([spec], taken);
    const params = variantParams(e.base, spec, label!);
    checkVariant(params, label!, false);
    const jobId = await this.addJob(experimentId, label!, spec, { ...params, ...(confirmOverBudget ? { confirmOverBudget: true } : {}) });
    return { jobId, variantId: this.d.repo.variantOfJob(jobId)!.id };
  }

  private async addJob(experimentId: number, label: string, spec: VariantSpec, params: Record<string, unknown>): Promise<number> {
    const { jobId } = await this.d.startEdit(params);
    const variantId = this.d.repo.addVariant(experimentId, label, spec, jobId);
    // A quick job may have finished before its variant was recorded.
    const job = this.d.jobs.get(jobId);
    if (job?.status === 'succeeded') this.schedule(variantId);
    return jobId;
  }

  /** Every job event passes here: a variant's job that succeeded gets measured. */
  onJobEvent(event: JobEvent): void {
    if (event.type !== 'job' || event.job.status !== 'succeeded') return;
    const v = this.d.repo.variantOfJob(event.job.id);
    if (v && v.metrics === null && v.metricsError === null) this.schedule(v.id);
  }

  // ---- views ----

  list() {
    return this.d.repo.list();
  }

  view(id: number): ExperimentView {
    const e = this.d.repo.require(id);
    return {
      id: e.id,
      name: e.name,
      createdAt: e.createdAt,
      prompt: e.prompt,
      sourceAsset: e.sourceHash,
      mask: e.maskHash,
      markup: e.markupHash,
      region: e.region,
      winnerVariantId: e.winnerVariantId,
      variants: this.d.repo.variants(id).map((v) => this.variantView(v)),
    };
  }

  private variantView(v: VariantRow): VariantView {
    const job = this.d.jobs.get(v.jobId);
    const out = job?.outputs[0] ?? null;
    return {
      id: v.id,
      position: v.position,
      label: v.label,
      spec: v.spec,
      jobId: v.jobId,
      status: job?.status ?? 'failed',
      outputs: { raw: out?.assetHash ?? null, locked: out?.lockedHash ?? null, outputId: out?.id ?? null },
      metrics: v.metrics,
      metricsError: v.metricsError,
      usage: job?.usage ?? null,
      estimatedUsd: job?.estimate?.costUsd ?? null,
      costUsd: job?.costUsd ?? null,
      latencyMs: job && job.startedAt !== null && job.finishedAt !== null ? job.finishedAt - job.startedAt : null,
      error: job?.error?.message ?? null,
    };
  }

  // ---- region, winner ----

  async setRegion(experimentId: number, region: Region): Promise<ExperimentView> {
    const e = this.d.repo.require(experimentId);
    if (region !== null && region !== 'kit-logo') {
      const size = await this.d.library.displayedSize(e.sourceHash, 'The source image');
      if (region.x + region.width > size.width || region.y + region.height > size.height) {
        throw invalid(`The region (${region.x}, ${region.y}, ${region.width}x${region.height}) goes beyond the source, which is ${size.width}x${size.height}.`, { param: 'region' });
      }
    }
    if (region === 'kit-logo') this.kitLogo(e); // refuses an experiment without a kit logo, before anything changes
    this.d.repo.setRegion(experimentId, region);
    for (const v of this.d.repo.variants(experimentId)) if (this.d.jobs.get(v.jobId)?.status === 'succeeded') this.schedule(v.id);
    return this.view(experimentId);
  }

  /** The kit logo the source edit sent (else the kit's current logo). */
  private kitLogo(e: ExperimentRow): { hash: string; name: string } {
    const kitId = e.base.kit?.id;
    if (kitId === undefined || !this.d.kits) throw invalid('This edit was not made with a brand kit, so there is no kit logo to follow: choose a rectangle instead.', { param: 'region' });
    const kit = this.d.kits.get(kitId);
    const logos = kit.assets.filter((a) => a.role === 'logo');
    const sent = new Set(e.base.inputs.map((i) => i.hash));
    for (const a of logos) for (const v of a.versions) if (sent.has(v.hash)) return { hash: v.hash, name: a.name };
    const current = logos[0]?.versions[0];
    if (!current) throw invalid(`The kit "${kit.name}" has no logo: choose a rectangle instead.`, { param: 'region' });
    return { hash: current.hash, name: logos[0]!.name };
  }

  pickWinner(experimentId: number, variantId: number) {
    const e = this.d.repo.require(experimentId);
    const v = this.d.repo.variant(variantId);
    if (!v || v.experimentId !== experimentId) throw new LoupeError('NOT_FOUND', `Variant ${variantId} is not part of experiment ${experimentId}.`);
    const job = this.d.jobs.get(v.jobId);
    if (!job || job.status !== 'succeeded') throw new LoupeError('CONFLICT', `"${v.label}" has no result yet: pick a variant that has finished.`);
    this.d.repo.setWinner(experimentId, variantId);
    this.d.organise.setFavourite(v.jobId, true);
    const after = this.d.jobs.get(v.jobId);
    if (after) this.d.emit({ type: 'job', job: after });
    return {
      experiment: this.view(experimentId),
      favouriteJobId: v.jobId,
      params: { model: v.spec.model, quality: v.spec.quality, ...(v.spec.complexity ? { complexity: v.spec.complexity } : {}), guide: v.spec.guide, pixelLock: v.spec.pixelLock, size: e.base.size },
    };
  }

  // ---- metrics ----

  /** Queues a measurement; asked again while one is queued or under way (a new region), it runs once more after. */
  private schedule(variantId: number): void {
    if (this.queued.has(variantId)) {
      this.queued.set(variantId, true);
      return;
    }
    this.queued.set(variantId, false);
    this.measuring = this.measuring.then(async () => {
      try {
        this.queued.set(variantId, false);
        await this.measureVariant(variantId);
      } catch (err) {
        this.d.log(`measuring variant ${variantId} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      } finally {
        const again = this.queued.get(variantId) === true;
        this.queued.delete(variantId);
        if (again) this.schedule(variantId);
      }
    });
  }

  /** Resolves once every measurement asked for so far is stored. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.measuring;
      await seen;
    } while (seen !== this.measuring);
  }

  /** Measures every finished variant that has no metrics yet (older experiments, a failed measurement), then returns the experiment. */
  async measure(experimentId: number): Promise<ExperimentView> {
    this.d.repo.require(experimentId);
    for (const v of this.d.repo.variants(experimentId)) {
      const stale = v.metrics === null || v.metrics.faces.available === 'pending';
      if (stale && this.d.jobs.get(v.jobId)?.status === 'succeeded') {
        if (v.metricsError !== null) this.d.repo.setMetrics(v.id, null, null);
        this.schedule(v.id);
      }
    }
    await this.idle();
    return this.view(experimentId);
  }

  /** The source prepared for outputs of proportions `aspect` (all of an experiment's outputs usually share one). */
  private source(e: ExperimentRow, output: { width: number; height: number }): Promise<PreparedSource> {
    const aspect = output.width / output.height;
    // Measured at the output's resolution at most: finer than that, only resampling would differ.
    const edge = Math.min(MEASURE_EDGE, Math.max(output.width, output.height));
    const key = `${e.sourceHash}:${e.maskHash ?? ''}:${aspect.toFixed(4)}:${edge}`;
    let p = this.sources.get(key);
    if (!p) {
      p = (async () => {
        const [src, mask] = await Promise.all([
          this.d.library.original(e.sourceHash, 'The source image'),
          e.maskHash ? this.d.library.original(e.maskHash, 'The mask') : Promise.resolve(null),
        ]);
        return prepareSource(src, mask, aspect, edge);
      })();
      p.catch(() => this.sources.delete(key));
      // A couple of sources at a time: each holds a working-size copy of the picture.
      if (this.sources.size >= 2) this.sources.delete(this.sources.keys().next().value!);
      this.sources.set(key, p);
    }
    return p;
  }

  private async measureVariant(variantId: number): Promise<void> {
    const v = this.d.repo.variant(variantId);
    if (!v) return;
    const e = this.d.repo.require(v.experimentId);
    const job = this.d.jobs.get(v.jobId);
    if (!job || job.status !== 'succeeded') return;
    const announce = () => this.d.emit({ type: 'experiment', experimentId: e.id, variantId });
    const out = job.outputs[0];
    if (!out) {
      this.d.repo.setMetrics(variantId, null, 'The job finished without an output to measure.');
      return announce();
    }
    let picture: Awaited<ReturnType<typeof measureOutput>>;
    let src: PreparedSource;
    let region: VariantMetrics['region'];
    const measured = out.lockedHash ? 'locked' : 'raw';
    try {
      const bytes = await this.d.library.original(out.lockedHash ?? out.assetHash, `The output of job ${job.id}`);
      const size = await displayedSize(bytes);
      src = await this.source(e, size);
      picture = await measureOutput(src, bytes);
      region = await this.regionMetrics(e, src, picture.rgb);
    } catch (err) {
      this.d.repo.setMetrics(variantId, null, `Could not measure this output: ${err instanceof Error ? err.message : String(err)}`);
      return announce();
    }
    const base: Omit<VariantMetrics, 'faces'> = {
      measured,
      overall: picture.overall,
      insideMask: picture.insideMask,
      outsideMask: picture.outsideMask,
      region,
      computedAt: this.d.now(),
    };
    // The picture metrics first; faces take a few seconds more.
    this.d.repo.setMetrics(variantId, { ...base, faces: { available: 'pending' } }, null);
    announce();
    const faces = await this.faceIdentity(e, src, picture.rgb);
    this.d.repo.setMetrics(variantId, { ...base, faces }, null);
    announce();
  }

  private async regionMetrics(e: ExperimentRow, src: PreparedSource, rgb: Buffer): Promise<VariantMetrics['region']> {
    const region = e.region;
    if (region === null) return null;
    if (region === 'kit-logo') {
      let logo: { hash: string; name: string };
      try {
        logo = this.kitLogo(e);
      } catch (err) {
        return { kind: 'kit-logo', ssim: null, rect: null, note: err instanceof Error ? err.message : String(err) };
      }
      const found = await findLogo(await this.d.library.original(logo.hash, `The kit logo "${logo.name}"`), rgb, src.width, src.height);
      if (!found) return { kind: 'kit-logo', ssim: null, rect: null, note: `The logo "${logo.name}" was not found in this output.` };
      const rect = toSource(src, found.rect);
      return { kind: 'kit-logo', ssim: found.ssim, rect, note: found.ssim < 0.5 ? `Found where the logo best fits, but it matches poorly.` : null };
    }
    const working = toWorking(src, region);
    if (!working) return { kind: 'rect', ssim: null, rect: region, note: 'The region is too small to measure at this size.' };
    return { kind: 'rect', ssim: regionSsim(src, rgb, working), rect: region, note: null };
  }

  private async faceIdentity(e: ExperimentRow, src: PreparedSource, rgb: Buffer): Promise<FaceIdentity> {
    const state = await faceEngine();
    if (!state.ok) return { available: false, reason: state.reason };
    try {
      const key = `${e.sourceHash}:${src.crop.x},${src.crop.y},${src.width}x${src.height}`;
      let sf = this.sourceFaces.get(key);
      if (!sf) {
        sf = state.engine.detect(src.rgb, src.width, src.height);
        sf.catch(() => this.sourceFaces.delete(key));
        if (this.sourceFaces.size >= 8) this.sourceFaces.delete(this.sourceFaces.keys().next().value!);
        this.sourceFaces.set(key, sf);
      }
      const sourceFaces = await sf;
      if (sourceFaces.length === 0) return { available: true, threshold: SAME_PERSON_THRESHOLD, faces: [] };
      const outFaces = await state.engine.detect(rgb, src.width, src.height);
      return {
        available: true,
        threshold: SAME_PERSON_THRESHOLD,
        faces: matchFaces(state.engine, sourceFaces, outFaces).map((m) => ({ ...m, source: toSource(src, m.source), match: m.match ? toSource(src, m.match) : null })),
      };
    } catch (err) {
      return { available: false, reason: `the face models failed on this picture (${err instanceof Error ? err.message : String(err)})` };
    }
  }

  // ---- heat maps, sheets ----

  diff(a: string, b: string, mask?: string) {
    const key = `${a}:${b}:${mask ?? ''}`;
    let p = this.diffCache.get(key);
    if (!p) {
      p = (async () => {
        const [ba, bb, bm] = await Promise.all([
          this.d.library.original(a, 'The first image'),
          this.d.library.original(b, 'The second image'),
          mask ? this.d.library.original(mask, 'The mask') : Promise.resolve(undefined),
        ]);
        const m = await diffMap(ba, bb, bm);
        const stored = await this.d.store.put(m.png, 'image/png');
        this.d.repo.recordAsset({ hash: stored.hash, mime: stored.mime, width: m.width, height: m.height, bytes: stored.bytes });
        const part = (s: typeof m.inside) => (s ? { meanDeltaE: s.meanDeltaE, changedShare: s.changedShare, pixels: s.pixels } : null);
        return {
          hash: stored.hash,
          width: m.width,
          height: m.height,
          meanDeltaE: m.all.meanDeltaE,
          p95DeltaE: m.all.p95DeltaE,
          maxDeltaE: m.all.maxDeltaE,
          changedShare: m.all.changedShare,
          threshold: CHANGED_DELTA_E,
          unseen: UNSEEN_DELTA_E,
          scaleMax: SCALE_MAX,
          inside: part(m.inside),
          outside: part(m.outside),
        };
      })();
      p.catch(() => this.diffCache.delete(key));
      if (this.diffCache.size >= 64) this.diffCache.delete(this.diffCache.keys().next().value!);
      this.diffCache.set(key, p);
    }
    return p;
  }

  async exportSheet(experimentId: number): Promise<{ path: string }> {
    const view = await this.measure(experimentId);
    const cells: SheetCell[] = [];
    const source = await this.d.library.original(view.sourceAsset, 'The source image');
    cells.push({ image: source, title: 'Source', lines: [`Prompt: ${view.prompt.replace(/\s+/g, ' ').slice(0, 58)}`, `Experiment ${view.id}, ${new Date(view.createdAt).toISOString().slice(0, 10)}`] });
    for (const v of view.variants) {
      const hash = v.outputs.locked ?? v.outputs.raw;
      const image = hash ? await this.d.library.original(hash, `The output of "${v.label}"`) : null;
      // A variant named by the person still says what it was.
      const settings = variantLabel(v.spec);
      const lines = v.label === settings ? sheetLines(v) : [settings, ...sheetLines(v)];
      cells.push({ image, title: v.label, lines, winner: v.id === view.winnerVariantId });
    }
    const png = await renderSheet(cells, { title: `Comparison: ${view.name}` });
    const settings = await this.d.settings.view();
    const name = safeFileName(`comparison-${experimentId}-${view.name}`).slice(0, 80) || `comparison-${experimentId}`;
    const path = await saveOutput(settings.outputDir, name, 'png', png);
    return { path };
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const usd = (x: number | null) => (x === null ? '–' : `$${x < 0.1 ? x.toFixed(3) : x.toFixed(2)}`);

/** The lines under a variant on the sheet: its settings are in its title; these are its numbers. */
export function sheetLines(v: VariantView): string[] {
  if (v.status !== 'succeeded') return [`Status: ${v.status}${v.error ? ` (${v.error.slice(0, 60)})` : ''}`, `Cost ${usd(v.costUsd)}`];
  const m = v.metrics;
  const lines: string[] = [];
  if (!m) lines.push(v.metricsError ? `Metrics: ${v.metricsError.slice(0, 70)}` : 'Metrics: not measured');
  else {
    lines.push(`SSIM ${m.overall.ssim.toFixed(3)}  ΔE ${m.overall.meanDeltaE.toFixed(2)} (${m.measured})`);
    if (m.outsideMask) lines.push(`Outside mask: SSIM ${m.outsideMask.ssim.toFixed(3)}  ΔE ${m.outsideMask.meanDeltaE.toFixed(2)}  changed ${pct(m.outsideMask.changedShare)}`);
    if (m.insideMask) lines.push(`Inside mask: SSIM ${m.insideMask.ssim.toFixed(3)}  ΔE ${m.insideMask.meanDeltaE.toFixed(2)}`);
    if (m.region) lines.push(`Region (${m.region.kind === 'kit-logo' ? 'kit logo' : 'rectangle'}): ${m.region.ssim === null ? (m.region.note ?? 'not measured') : `SSIM ${m.region.ssim.toFixed(3)}`}`);
    if (m.faces.available === true) {
      lines.push(
        m.faces.faces.length === 0
          ? 'Faces: none in the source'
          : `Faces: ${m.faces.faces.filter((f) => f.samePerson).length}/${m.faces.faces.length} same person (${m.faces.faces.map((f) => (f.similarity === null ? 'lost' : f.similarity.toFixed(2))).join(', ')})`,
      );
    } else if (m.faces.available === false) lines.push('Face identity: not available');
  }
  const u = v.usage;
  if (u) lines.push(`Tokens: text in ${u.inputTextTokens}, image in ${u.inputImageTokens}, out ${u.outputImageTokens}`);
  lines.push(`Cost ${usd(v.costUsd)}  ·  ${v.latencyMs === null ? '–' : `${(v.latencyMs / 1000).toFixed(1)} s`}`);
  return lines;
}

export type { JobView };
