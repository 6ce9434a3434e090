/**
 * The edit's inputs, in the order they are sent. Images come in from the file picker,
 * the desktop (drop), the clipboard (paste, handled by the view) or Loupe's own outputs
 * (drag from results and History, or "Edit this output"); they are reordered by drag or
 * keyboard, and every change of order is announced.
 */
import { useLayoutEffect, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import type { EditPlan, ModelInfo } from '../../../../electron/shared';
import { ComposePanel } from './compose-panel';
import { carriesKitAsset, dropKitAsset } from '../kits/kit-edit';
import { carriesOutput, dropOutput } from './from-output';
import { importFiles } from './import-files';
import { moveItem, removeItem, setRefusals, toggleSelected, useTray } from './tray-store';
import { TRAY_DRAG_TYPE, TrayTile, type FocusTarget } from './tray-tile';

export const ACCEPT = 'image/*,.svg,.tif,.tiff,.heic,.heif,.avif';

function explain(model: ModelInfo): string {
  const first = 'The first image is the primary: the model keeps it with the most detail, and a mask applies to it.';
  if (model.detailedInputs >= model.maxInputImages) return `${first} ${model.label} keeps every input in high detail.`;
  if (model.detailedInputs > 1) return `${first} ${model.label} keeps the first ${model.detailedInputs} with extra detail; put faces and logos there.`;
  return `${first} Later images guide style and content with less detail.`;
}

function accepts(dt: DataTransfer): boolean {
  return dt.types.includes('Files') || dt.types.includes(TRAY_DRAG_TYPE) || carriesOutput(dt) || carriesKitAsset(dt);
}

export function CompositionTray({ model, plan }: { model: ModelInfo; plan: EditPlan | null }) {
  const tray = useTray();
  const { items } = tray;
  const [dropAt, setDropAt] = useState<number | null>(null);
  const focusEls = useRef(new Map<string, HTMLElement>());
  const pendingFocus = useRef<{ hash: string; target: FocusTarget } | null>(null);
  const capacity = model.maxInputImages;

  // Reordering moves DOM nodes, which drops focus; put it back where the user was.
  useLayoutEffect(() => {
    const want = pendingFocus.current;
    if (!want) return;
    pendingFocus.current = null;
    const el = focusEls.current.get(`${want.hash}:${want.target}`);
    const target = el && !(el as HTMLButtonElement).disabled ? el : focusEls.current.get(`${want.hash}:tile`);
    target?.focus();
  }, [items]);

  const registerFocus = (hash: string, target: FocusTarget, el: HTMLElement | null) => {
    if (el) focusEls.current.set(`${hash}:${target}`, el);
    else focusEls.current.delete(`${hash}:${target}`);
  };

  const onMove = (from: number, to: number, focus: FocusTarget) => {
    const item = items[from];
    if (!item || to < 0 || to >= items.length) return;
    pendingFocus.current = { hash: item.hash, target: focus };
    moveItem(from, to);
  };

  // The removed tile takes focus with it; hand it to its neighbour (or the Add button).
  const onRemove = (index: number) => {
    const next = items[index + 1] ?? items[index - 1];
    pendingFocus.current = next ? { hash: next.hash, target: 'tile' } : null;
    removeItem(items[index]!.hash);
    if (!next) document.getElementById('tray-files')?.focus();
  };

  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    void importFiles(files, capacity);
  };

  /** Where a drop over tile `index` inserts: before it in its upper half, after it in the lower. */
  const overTile = (index: number) => (e: DragEvent<HTMLLIElement>) => {
    if (!accepts(e.dataTransfer)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = e.dataTransfer.types.includes(TRAY_DRAG_TYPE) ? 'move' : 'copy';
    const r = e.currentTarget.getBoundingClientRect();
    setDropAt(e.clientY < r.top + r.height / 2 ? index : index + 1);
  };

  const drop = (e: DragEvent, at: number) => {
    e.preventDefault();
    e.stopPropagation();
    setDropAt(null);
    const dt = e.dataTransfer;
    const from = dt.getData(TRAY_DRAG_TYPE);
    if (from !== '') {
      const i = Number(from);
      const item = items[i];
      if (!item) return;
      // Inserting after itself shifts by one once it is taken out.
      const to = at > i ? at - 1 : at;
      pendingFocus.current = { hash: item.hash, target: 'tile' };
      moveItem(i, to);
    } else if (carriesOutput(dt)) {
      void dropOutput(dt, at);
    } else if (carriesKitAsset(dt)) {
      dropKitAsset(dt, at);
    } else if (dt.files.length > 0) {
      void importFiles([...dt.files], capacity, at);
    }
  };

  const planned = (hash: string) => plan?.inputs.find((p) => p.hash === hash) ?? null;

  return (
    <section
      className={`tray ${dropAt !== null ? 'is-drop-target' : ''}`}
      aria-labelledby="tray-title"
      onDragOver={(e) => {
        if (!accepts(e.dataTransfer)) return;
        e.preventDefault();
        setDropAt(items.length);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropAt(null);
      }}
      onDrop={(e) => drop(e, items.length)}
    >
      <header className="tray-head">
        <h2 id="tray-title" className="section-title">
          Images
        </h2>
        <span className="tray-count">
          {items.length} of {capacity}
        </span>
      </header>
      <p className="tray-explain">{explain(model)}</p>
      <div className="tray-add">
        <input id="tray-files" className="visually-hidden" type="file" multiple accept={ACCEPT} aria-label="Add images" onChange={onFiles} />
        <label htmlFor="tray-files" className="btn small file-button" aria-hidden="true">
          Add images
        </label>
        <span className="tray-hint">or drop files, paste, or drag outputs here</span>
      </div>
      {tray.importing > 0 ? (
        <p className="tray-busy" role="status">
          <span className="spinner" aria-hidden="true" /> Adding {tray.importing === 1 ? '1 image' : `${tray.importing} images`}…
        </p>
      ) : null}
      {tray.refusals.length > 0 ? (
        <div className="error-box" role="alert">
          <p className="error-title">{tray.refusals.length === 1 ? 'A file was not added' : `${tray.refusals.length} files were not added`}</p>
          <ul className="refusal-list">
            {tray.refusals.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <div className="error-actions">
            <button type="button" className="btn small" onClick={() => setRefusals([])}>
              Dismiss
            </button>
          </div>
        </div>
      ) : null}
      {items.length === 0 ? (
        <div className={`tray-empty ${dropAt !== null ? 'is-over' : ''}`}>
          <p>Drop photos here</p>
          <p className="muted">JPEG, PNG, WebP, HEIC, AVIF, TIFF, GIF or SVG · up to {capacity}</p>
        </div>
      ) : (
        <ol className="stack-list tray-list" aria-label="Input images, in the order sent">
          {items.map((item, index) => (
            <TrayTile
              key={item.hash}
              item={item}
              index={index}
              count={items.length}
              detailedInputs={model.detailedInputs}
              planned={planned(item.hash)}
              selectable={items.length >= 2}
              selected={tray.selected.has(item.hash)}
              dropBefore={dropAt === index}
              dropAfter={dropAt === items.length && index === items.length - 1}
              registerFocus={registerFocus}
              onMove={onMove}
              onRemove={() => onRemove(index)}
              onSelect={(on) => toggleSelected(item.hash, on)}
              onDragOver={overTile(index)}
              onDrop={(e) => drop(e, dropAt ?? index)}
            />
          ))}
        </ol>
      )}
      <p id="tray-keys" className="visually-hidden">
        Alt+arrow keys move the image, Delete removes it.
      </p>
      <p className="visually-hidden" aria-live="polite">
        {tray.announcement}
      </p>
      {items.length >= 2 ? (
        <ComposePanel items={items} selected={tray.selected} onComposed={(item) => (pendingFocus.current = { hash: item.hash, target: 'tile' })} />
      ) : null}
    </section>
  );
}
