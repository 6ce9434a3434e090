/**
 * A kit's assets: each shown as its image (named after its file), with its versions.
 * Drag one into the edit tray, or "Use in edit"; "Replace" adds a new version (jobs that
 * used the old one keep pointing at it); SVGs are drawn at the size chosen here.
 */
import { useState, type ChangeEvent } from 'react';
import type { KitAsset, KitView } from '../../../../electron/shared';
import { call, loupe } from '../../bridge/client';
import { useNavigate } from '../../app/navigation';
import { askConfirm } from '../../ui/confirm-store';
import { ErrorAlert } from '../../ui/error-alert';
import { formatDate } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { readBase64 } from '../edit/import-files';
import { addKitAssetToEdit, startKitAssetDrag } from './kit-edit';
import { putKit } from './kits-store';
import { CredentialsLine } from '../credentials/credentials-panel';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/svg+xml,.svg';

function AssetTile({ kit, asset, svgSize, action }: { kit: KitView; asset: KitAsset; svgSize: number; action: ReturnType<typeof useAction> }) {
  const navigate = useNavigate();
  const current = asset.versions[0]!;
  const inputId = `kit-replace-${asset.id}`;
  const replace = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void action.run(async () => {
      const next = await call('addKitAsset', { kitId: kit.id, assetId: asset.id, name: file.name, dataBase64: await readBase64(file), svgSize });
      putKit(next);
      const v = next.assets.find((a) => a.id === asset.id)?.versions[0]?.version;
      return `${file.name} is version ${v} of ${asset.name}. Earlier jobs keep the version they used; see Where used.`;
    });
  };
  const remove = async () => {
    const uses = asset.versions.reduce((n, v) => n + v.uses, 0);
    const ok = await askConfirm({
      title: `Remove ${asset.name} from ${kit.name}?`,
      body: <p>{uses > 0 ? `${uses} ${uses === 1 ? 'job' : 'jobs'} used it; they keep their inputs. ` : ''}Its versions leave the kit.</p>,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (ok) await action.run(async () => (putKit(await call('removeKitAsset', { kitId: kit.id, assetId: asset.id })), null));
  };
  return (
    <li className="kit-asset" draggable onDragStart={(e) => startKitAssetDrag(e, kit, asset)}>
      <div className="kit-asset-image checker">
        <img src={loupe.assetUrl(current.hash, 'thumb')} alt={asset.name} draggable={false} />
      </div>
      <p className="kit-asset-name">
        {asset.name} <span className="badge">{asset.role}</span>
      </p>
      <p className="field-note">
        Version {current.version} · {current.width}×{current.height}
        {current.sourceMime === 'image/svg+xml' ? ' · drawn from SVG' : ''}
      </p>
      <CredentialsLine key={current.hash} hash={current.hash} title={asset.name} />
      {asset.versions.length > 1 ? (
        <details className="kit-versions">
          <summary>{asset.versions.length} versions</summary>
          <ol>
            {asset.versions.map((v) => (
              <li key={v.id}>
                <img src={loupe.assetUrl(v.hash, 'thumb')} alt={`Version ${v.version}: ${v.fileName}`} />
                v{v.version} {v.fileName} · {formatDate(v.createdAt)} · {v.uses} {v.uses === 1 ? 'job' : 'jobs'}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <div className="button-row compact">
        <button
          type="button"
          className="btn small"
          aria-label={`Use ${asset.name} in edit`}
          onClick={() => {
            addKitAssetToEdit(kit, asset);
            navigate('edit');
          }}
        >
          Use in edit
        </button>
        <input id={inputId} className="visually-hidden" type="file" accept={ACCEPT} aria-label={`Replace ${asset.name}`} onChange={replace} />
        <label htmlFor={inputId} className="btn small file-button" aria-hidden="true">
          Replace
        </label>
        <button type="button" className="btn small ghost" aria-label={`Remove ${asset.name}`} onClick={() => void remove()}>
          Remove
        </button>
      </div>
    </li>
  );
}

export function KitAssets({ kit }: { kit: KitView }) {
  const action = useAction();
  const [svgSize, setSvgSize] = useState(1024);
  const add = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    void action.run(async () => {
      const refused: string[] = [];
      for (const file of files) {
        try {
          putKit(await call('addKitAsset', { kitId: kit.id, name: file.name, dataBase64: await readBase64(file), svgSize }));
        } catch (err) {
          refused.push(err instanceof Error ? err.message : String(err));
        }
      }
      if (refused.length > 0) throw new Error(refused.join(' '));
      return `Added ${files.map((f) => f.name).join(', ')}.`;
    });
  };
  return (
    <section className="panel" aria-labelledby="kit-assets-title">
      <h2 id="kit-assets-title" className="section-title">
        Logos and images
      </h2>
      <div className="button-row">
        <input id="kit-assets-add" className="visually-hidden" type="file" multiple accept={ACCEPT} aria-label="Add assets" onChange={add} />
        <label htmlFor="kit-assets-add" className="btn small file-button" aria-hidden="true">
          Add assets
        </label>
        <label className="field-note" htmlFor="kit-svg-size">
          SVGs drawn at
        </label>
        <select id="kit-svg-size" className="kit-svg-size" value={svgSize} onChange={(e) => setSvgSize(Number(e.target.value))}>
          {[512, 1024, 1536, 2048].map((n) => (
            <option key={n} value={n}>
              {n} px
            </option>
          ))}
        </select>
      </div>
      <p className="field-note">PNG, JPEG, WebP or SVG (drawn to PNG at the size chosen). Drag an asset onto the Edit tab, or use it in an edit.</p>
      {action.status ? (
        <p role="status" className="field-note">
          {action.status}
        </p>
      ) : null}
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
      {kit.assets.length === 0 ? <p className="muted">No assets yet: add the logo first.</p> : null}
      <ul className="kit-asset-grid">
        {kit.assets.map((a) => (
          <AssetTile key={a.id} kit={kit} asset={a} svgSize={svgSize} action={action} />
        ))}
      </ul>
    </section>
  );
}
