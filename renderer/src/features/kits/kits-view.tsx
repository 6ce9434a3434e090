/**
 * Kits: the brand's logos and images (versioned), colours, typography notes, prompt
 * presets and fidelity policy. The list of kits on the left (New kit, Import kit), the
 * chosen kit on the right.
 */
import { useRef, type ChangeEvent } from 'react';
import { call, loupe } from '../../bridge/client';
import { ErrorAlert } from '../../ui/error-alert';
import { useAction } from '../../ui/use-action';
import { readBase64 } from '../edit/import-files';
import { KitEditor } from './kit-editor';
import { putKit, selectKit, useKits } from './kits-store';

function freeName(taken: readonly string[]): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  let name = 'New kit';
  for (let n = 2; lower.has(name.toLowerCase()); n++) name = `New kit ${n}`;
  return name;
}

export function KitsView() {
  const { kits, selected, error } = useKits();
  const action = useAction();
  const nameBox = useRef<HTMLInputElement | null>(null);
  const kit = kits?.find((k) => k.id === selected) ?? null;

  const create = () =>
    action.run(async () => {
      const made = await call('createKit', { name: freeName((kits ?? []).map((k) => k.name)) });
      putKit(made);
      // Straight to naming it: the name box is the first thing a new kit needs.
      setTimeout(() => nameBox.current?.select(), 0);
      // No status line: the selected name box says what to do next.
      return null;
    });

  const importFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void action.run(async () => {
      const imported = await call('importKit', { name: file.name, dataBase64: await readBase64(file) });
      putKit(imported);
      return `Imported ${imported.name} with ${imported.assets.length} ${imported.assets.length === 1 ? 'asset' : 'assets'}.`;
    });
  };

  return (
    <div className="kits-view">
      <aside className="kits-list" aria-label="Kits">
        <div className="kits-list-head">
          <h1 className="section-title">Brand kits</h1>
          <button type="button" className="btn primary small" onClick={() => void create()} disabled={action.busy}>
            New kit
          </button>
          <input id="kit-import" className="visually-hidden" type="file" accept=".loupe-kit,.zip,application/zip" aria-label="Import kit" onChange={importFile} />
          <label htmlFor="kit-import" className="btn small file-button" aria-hidden="true">
            Import kit
          </label>
        </div>
        {action.status ? (
          <p role="status" className="field-note">
            {action.status}
          </p>
        ) : null}
        {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
        {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
        {kits && kits.length === 0 ? <p className="muted">No kits yet. A kit keeps a brand's logos, colours, presets and the rules that keep the logo intact.</p> : null}
        <ul className="stack-list" aria-label="Your kits">
          {(kits ?? []).map((k) => (
            <li key={k.id}>
              <button type="button" className={`kit-pick ${k.id === selected ? 'is-selected' : ''}`} aria-pressed={k.id === selected} onClick={() => selectKit(k.id)}>
                {k.assets[0] ? <img src={thumb(k.assets[0].versions[0]!.hash)} alt="" /> : <span className="kit-pick-empty" aria-hidden="true" />}
                <span>
                  <span className="kit-pick-name">{k.name}</span>
                  <span className="field-note">
                    version {k.revision} · {k.assets.length} {k.assets.length === 1 ? 'asset' : 'assets'}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="kit-main" aria-label="Kit">
        {kit ? <KitEditor key={kit.id} kit={kit} nameBox={nameBox} /> : <p className="muted centered">Create a kit, or import one a colleague exported.</p>}
      </section>
    </div>
  );
}

const thumb = (hash: string): string => loupe.assetUrl(hash, 'thumb');
