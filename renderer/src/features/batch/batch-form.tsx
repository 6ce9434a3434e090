/**
 * One recipe for a folder of photos: the folders, the prompt (or a kit preset), extra
 * reference images, a mask template, the parameters, the file names, Now or Economy with
 * both prices, and a budget. "Check folder" shows what would run and what it costs;
 * "Start batch" starts it (or resumes the same batch started before).
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import { defaultModel, findModel, offeredModels, type BatchPlan, type BatchStartInput, type EditInput, type KitView } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { useSettings } from '../../bridge/settings-store';
import { ErrorAlert } from '../../ui/error-alert';
import { Field } from '../../ui/field';
import { formatUsd, plural } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { readBase64 } from '../edit/import-files';
import { lifecycleOf } from '../generate/model-choice';
import { FolderField } from '../settings/folder-field';
import { showBatch, loadBatches } from './batch-store';

const SIZES = ['auto', '1024x1024', '1536x1024', '1024x1536'];
const FORMATS = [
  ['jpeg', 'JPEG'],
  ['png', 'PNG'],
  ['webp', 'WebP'],
] as const;

interface Draft {
  inputDir: string;
  outputDir: string;
  prompt: string;
  preset: string; // "kitId:presetId" or ''
  references: EditInput[];
  mask: EditInput | null;
  model: string;
  quality: string;
  size: string;
  outputFormat: 'jpeg' | 'png' | 'webp';
  namingTemplate: string;
  mode: 'now' | 'economy';
  budget: string;
}

export function BatchForm() {
  const { settings, appInfo } = useSettings();
  const ctx = lifecycleOf(settings);
  const models = offeredModels('edit', settings?.availableModels ?? null, ctx);
  const [d, setD] = useState<Draft>(() => ({
    inputDir: '',
    outputDir: '',
    prompt: '',
    preset: '',
    references: [],
    mask: null,
    model: defaultModel(settings?.availableModels ?? null, 'edit', ctx),
    quality: 'medium',
    size: 'auto',
    outputFormat: 'jpeg',
    namingTemplate: '{source}',
    mode: 'now',
    budget: '',
  }));
  const [kits, setKits] = useState<KitView[]>([]);
  const [plan, setPlan] = useState<BatchPlan | null>(null);
  const action = useAction();
  const patch = (p: Partial<Draft>) => {
    setD((prev) => ({ ...prev, ...p }));
    setPlan(null);
  };
  const model = findModel(d.model);

  useEffect(() => {
    void call('listKits', {})
      .then(setKits)
      .catch(() => setKits([]));
  }, []);

  const request = (): BatchStartInput => {
    const [kitId, presetId] = d.preset ? d.preset.split(':') : [];
    const budget = d.budget.trim() ? Number(d.budget) : null;
    return {
      inputDir: d.inputDir.trim(),
      outputDir: d.outputDir.trim(),
      namingTemplate: d.namingTemplate,
      mode: d.mode,
      budgetUsd: budget !== null && Number.isFinite(budget) ? budget : null,
      recipe: {
        model: d.model,
        prompt: d.prompt,
        ...(kitId ? { kit: { id: Number(kitId), ...(presetId ? { presetId } : {}) } } : {}),
        references: d.references,
        ...(d.mask ? { maskTemplate: d.mask.hash } : {}),
        quality: (model?.qualities.includes(d.quality as never) ? d.quality : 'auto') as BatchStartInput['recipe']['quality'],
        size: d.size,
        outputFormat: d.outputFormat,
        background: 'auto',
        moderation: 'auto',
      },
    };
  };

  const check = () =>
    action.run(async () => {
      try {
        const p = await call('planBatch', request());
        setPlan(p);
        return null;
      } catch (err) {
        setPlan(null);
        throw err;
      }
    });

  const start = () =>
    action.run(async () => {
      const view = await call('startBatch', request());
      showBatch(view);
      void loadBatches();
      return view.counts.succeeded > 0 ? `Resumed: ${plural(view.counts.succeeded, 'photo')} already done are skipped.` : 'Batch started.';
    });

  const choose = async (field: 'inputDir' | 'outputDir') => {
    const r = await call('chooseFolder', {});
    if (r.path) patch({ [field]: r.path });
  };

  const addFiles = (e: ChangeEvent<HTMLInputElement>, as: 'references' | 'mask') => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    void action.run(async () => {
      const added: EditInput[] = [];
      for (const file of files) {
        const asset = await call('importImage', { name: file.name.slice(0, 255) || 'image', dataBase64: await readBase64(file) });
        added.push({ hash: asset.hash, name: asset.name });
      }
      if (as === 'mask') patch({ mask: added[0] ?? null });
      else patch({ references: [...d.references, ...added].slice(0, 15) });
      return null;
    });
  };

  const presets = kits.flatMap((k) => k.presets.map((p) => ({ value: `${k.id}:${p.id}`, label: `${k.name}: ${p.name}` })));
  const economyOk = plan ? plan.estimate.economyAvailable : true;

  return (
    <form
      className="batch-form panel"
      aria-label="New batch"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <h2 className="section-title">New batch</h2>
      <FolderField
        id="batch-input"
        label="Photo folder"
        error={undefined}
        note={appInfo?.canChooseFolders ? 'Every photo in it and its subfolders.' : 'Type the folder’s full path. In the browser, only folders in your home folder (or LOUPE_BATCH_ROOTS) can be read.'}
        value={d.inputDir}
        onChange={(v) => patch({ inputDir: v })}
        canChoose={appInfo?.canChooseFolders ?? false}
        onChoose={() => choose('inputDir')}
      />
      <FolderField
        id="batch-output"
        label="Output folder"
        error={undefined}
        note="Results go here, in the same subfolders as the photos."
        value={d.outputDir}
        onChange={(v) => patch({ outputDir: v })}
        canChoose={appInfo?.canChooseFolders ?? false}
        onChoose={() => choose('outputDir')}
      />
      <Field id="batch-prompt" label="Prompt" note={d.preset ? 'Added after the kit preset’s prompt.' : 'The same edit for every photo.'}>
        {(c) => <textarea {...c} rows={3} value={d.prompt} onChange={(e) => patch({ prompt: e.target.value })} />}
      </Field>
      {presets.length > 0 ? (
        <Field id="batch-preset" label="Kit preset" note="The kit’s logo goes with every photo, placed as its policy says.">
          {(c) => (
            <select {...c} value={d.preset} onChange={(e) => patch({ preset: e.target.value })}>
              <option value="">None</option>
              {presets.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <div className="field">
        <span className="field-label-text">Reference images</span>
        <div className="batch-files">
          {d.references.map((r, i) => (
            <span key={`${r.hash}-${i}`} className="chip">
              {r.name}
              <button type="button" className="chip-remove" aria-label={`Remove ${r.name}`} onClick={() => patch({ references: d.references.filter((_, j) => j !== i) })}>
                ×
              </button>
            </span>
          ))}
          <input id="batch-refs" className="visually-hidden" type="file" accept="image/*" multiple aria-label="Add reference images" onChange={(e) => addFiles(e, 'references')} />
          <label htmlFor="batch-refs" className="btn small file-button" aria-hidden="true">
            Add…
          </label>
        </div>
        <p className="field-note">Sent after each photo (a logo, a style reference).</p>
      </div>
      <div className="field">
        <span className="field-label-text">Mask template</span>
        <div className="batch-files">
          {d.mask ? (
            <span className="chip">
              {d.mask.name}
              <button type="button" className="chip-remove" aria-label={`Remove mask template ${d.mask.name}`} onClick={() => patch({ mask: null })}>
                ×
              </button>
            </span>
          ) : null}
          <input id="batch-mask" className="visually-hidden" type="file" accept="image/png,image/*" aria-label="Choose mask template" onChange={(e) => addFiles(e, 'mask')} />
          <label htmlFor="batch-mask" className="btn small file-button" aria-hidden="true">
            {d.mask ? 'Replace…' : 'Choose…'}
          </label>
        </div>
        <p className="field-note">Transparent or black = the area to change. Stretched to each photo; outside it each photo’s pixels are kept.</p>
      </div>
      <div className="field-grid">
        <Field id="batch-model" label="Model">
          {(c) => (
            <select {...c} value={d.model} onChange={(e) => patch({ model: e.target.value })}>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="batch-quality" label="Quality">
          {(c) => (
            <select {...c} value={d.quality} onChange={(e) => patch({ quality: e.target.value })}>
              {(model?.qualities ?? ['auto']).map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="batch-size" label="Size">
          {(c) => (
            <select {...c} value={d.size} onChange={(e) => patch({ size: e.target.value })}>
              {SIZES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="batch-format" label="Format">
          {(c) => (
            <select {...c} value={d.outputFormat} onChange={(e) => patch({ outputFormat: e.target.value as Draft['outputFormat'] })}>
              {FORMATS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field id="batch-naming" label="File names" note="{source} is the photo’s own name; {date}, {model}, {quality}, {index} and {job} work too.">
        {(c) => <input {...c} spellCheck={false} value={d.namingTemplate} onChange={(e) => patch({ namingTemplate: e.target.value })} />}
      </Field>
      <fieldset className="field batch-mode">
        <legend className="field-label-text">Mode</legend>
        <div className="segmented">
          <label className={d.mode === 'now' ? 'is-on' : ''}>
            <input type="radio" name="batch-mode" value="now" checked={d.mode === 'now'} onChange={() => patch({ mode: 'now' })} />
            Now{plan ? ` · ${formatUsd(plan.estimate.nowUsd)}` : ''}
          </label>
          <label className={d.mode === 'economy' ? 'is-on' : ''}>
            <input type="radio" name="batch-mode" value="economy" checked={d.mode === 'economy'} disabled={!economyOk} onChange={() => patch({ mode: 'economy' })} />
            Economy{plan && economyOk ? ` · ${formatUsd(plan.estimate.economyUsd)}` : ''}
          </label>
        </div>
        <p className="field-note">{plan && !economyOk ? plan.estimate.economyNote : 'Economy: OpenAI’s Batch API, half price, results within 24 hours.'}</p>
      </fieldset>
      <Field id="batch-budget" label="Budget (USD)" note="Optional: the batch stops before it would spend more.">
        {(c) => <input {...c} inputMode="decimal" placeholder="No limit" value={d.budget} onChange={(e) => patch({ budget: e.target.value })} />}
      </Field>
      {plan ? <PlanSummary plan={plan} mode={d.mode} /> : null}
      {action.error ? <ErrorAlert error={action.error} /> : null}
      {action.status ? (
        <p role="status" className="field-note">
          {action.status}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="btn" disabled={action.busy || !d.inputDir.trim() || !d.outputDir.trim()} onClick={() => void check()}>
          Check folder
        </button>
        <button type="submit" className="btn primary" disabled={action.busy || !d.inputDir.trim() || !d.outputDir.trim() || (plan?.overBudget ?? false)}>
          {plan?.existing ? 'Resume batch' : 'Start batch'}
        </button>
      </div>
    </form>
  );
}

function PlanSummary({ plan, mode }: { plan: BatchPlan; mode: 'now' | 'economy' }) {
  const e = plan.estimate;
  return (
    <section className="batch-plan" aria-label="What will run">
      <p>
        <strong>
          {plural(plan.files, 'photo')}
        </strong>{' '}
        in {plural(plan.folders + 1, 'folder')}: about {formatUsd(mode === 'economy' ? e.economyUsd : e.nowUsd)} ({formatUsd(e.nowUsd)} now, {e.economyAvailable ? `${formatUsd(e.economyUsd)} in Economy` : 'no Economy for this model'}).
      </p>
      {plan.existing ? (
        <p className="field-note">
          Started before: {plural(plan.existing.done, 'photo')} done will be skipped.
        </p>
      ) : null}
      {plan.overBudget ? <p className="warn-text">Over the budget: raise it, choose Economy, or split the folder.</p> : null}
      {plan.skipped.length > 0 ? (
        <details>
          <summary>
            {plural(plan.skipped.length, 'file')} left out
          </summary>
          <ul className="batch-skipped">
            {plan.skipped.map((s) => (
              <li key={s.relPath}>
                <span className="mono">{s.relPath}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="field-note">{e.assumptions[0]}</p>
    </section>
  );
}
