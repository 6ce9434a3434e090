/** One kit: its name and notes, assets, presets, policy and where its assets were used; Export and Delete. */
import { useState, type RefObject } from 'react';
import type { KitColour, KitView, RequestOf } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { askConfirm } from '../../ui/confirm-store';
import { ErrorAlert } from '../../ui/error-alert';
import { useAction } from '../../ui/use-action';
import { KitAssets } from './kit-assets';
import { KitPolicyForm } from './kit-policy-form';
import { KitPresets } from './kit-presets';
import { KitWhereUsed } from './kit-where-used';
import { dropKit, putKit } from './kits-store';
import { leaveKit, editKitStore } from './kit-edit';

function coloursText(colours: readonly KitColour[]): string {
  return colours.map((c) => `${c.name} ${c.hex}`).join('\n');
}

/** "Roast #5b3a29" per line (or "#5b3a29" alone); lines that are not a colour are reported. */
function parseColours(text: string): { colours: KitColour[]; bad: string[] } {
  const colours: KitColour[] = [];
  const bad: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = /^(.*?)\s*(#[0-9a-fA-F]{6})$/.exec(line);
    if (m) colours.push({ name: m[1]!.trim() || m[2]!.toUpperCase(), hex: m[2]!.toLowerCase() });
    else bad.push(line);
  }
  return { colours, bad };
}

export function KitEditor({ kit, nameBox }: { kit: KitView; nameBox: RefObject<HTMLInputElement | null> }) {
  const action = useAction();
  const notesAction = useAction();
  const [name, setName] = useState(kit.name);
  const [description, setDescription] = useState(kit.description);
  const [colours, setColours] = useState(coloursText(kit.colours));
  const [typography, setTypography] = useState(kit.typography);
  const parsed = parseColours(colours);

  const save = (patch: RequestOf<'kits:update'>) =>
    action.run(async () => {
      const next = await call('updateKit', patch);
      putKit(next);
      return `Renamed to ${next.name}.`;
    });
  const saveName = () => {
    if (name.trim() && name.trim() !== kit.name) void save({ kitId: kit.id, name: name.trim() });
  };
  const saveNotes = () =>
    void notesAction.run(async () => {
      putKit(await call('updateKit', { kitId: kit.id, description, typography, colours: parsed.colours }));
      return 'Saved.';
    });

  const exportKit = () =>
    action.run(async () => {
      const r = await call('exportKit', { kitId: kit.id });
      if (r.downloadUrl) {
        const a = document.createElement('a');
        a.href = r.downloadUrl;
        a.download = r.fileName;
        document.body.append(a);
        a.click();
        a.remove();
        return `Exported ${r.fileName} (${Math.max(1, Math.round(r.bytes / 1024))} KB) to your downloads.`;
      }
      return r.savedTo ? `Saved ${r.savedTo}.` : null;
    });

  const remove = async () => {
    const uses = kit.assets.reduce((n, a) => n + a.versions.reduce((m, v) => m + v.uses, 0), 0);
    const ok = await askConfirm({
      title: `Delete kit ${kit.name}?`,
      body: (
        <p>
          Its {kit.assets.length} {kit.assets.length === 1 ? 'asset' : 'assets'} and every version go.{' '}
          {uses > 0 ? 'Jobs made with it stay in History and keep its name and version. ' : ''}Export it first to keep a copy.
        </p>
      ),
      confirmLabel: 'Delete kit',
      danger: true,
    });
    if (!ok) return;
    await action.run(async () => {
      await call('deleteKit', { kitId: kit.id });
      if (editKitStore.get().kit?.id === kit.id) leaveKit();
      dropKit(kit.id);
      return null;
    });
  };

  return (
    <div className="kit-editor">
      <header className="kit-head">
        <div className="field kit-name-field">
          <label htmlFor="kit-name">Kit name</label>
          <input
            id="kit-name"
            ref={nameBox}
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            onBlur={saveName}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveName();
            }}
          />
        </div>
        <p className="field-note">Version {kit.revision}: it goes up whenever an asset is added, replaced or removed.</p>
        <div className="button-row">
          <button type="button" className="btn small" onClick={() => void exportKit()} disabled={action.busy}>
            Export kit
          </button>
          <button type="button" className="btn small danger" onClick={() => void remove()} disabled={action.busy}>
            Delete kit
          </button>
        </div>
        {action.status ? (
          <p role="status" className="field-note">
            {action.status}
          </p>
        ) : null}
        {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
      </header>

      <KitAssets kit={kit} />
      <KitWhereUsed kit={kit} />
      <KitPresets kit={kit} />
      <KitPolicyForm kit={kit} />

      <section className="panel" aria-labelledby="kit-notes-title">
        <h2 id="kit-notes-title" className="section-title">
          Brand notes
        </h2>
        <div className="field">
          <label htmlFor="kit-description">Description</label>
          <textarea id="kit-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="kit-colours">Brand colours</label>
          <textarea id="kit-colours" rows={3} value={colours} placeholder={'Roast #5b3a29\nFoam #f4efe6'} onChange={(e) => setColours(e.target.value)} />
          <p className="field-note">One per line: a name and #rrggbb. Presets write them into the prompt.</p>
          {parsed.bad.length > 0 ? <p className="field-error">Not a colour: {parsed.bad.join(', ')}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="kit-typography">Typography notes</label>
          <textarea id="kit-typography" rows={2} value={typography} onChange={(e) => setTypography(e.target.value)} />
        </div>
        <div className="button-row">
          <button type="button" className="btn small" onClick={saveNotes} disabled={notesAction.busy || parsed.bad.length > 0}>
            Save notes
          </button>
          {notesAction.status ? (
            <span role="status" className="field-note">
              {notesAction.status}
            </span>
          ) : null}
        </div>
        {notesAction.error ? <ErrorAlert error={notesAction.error} offerSettings={false} /> : null}
      </section>
    </div>
  );
}
