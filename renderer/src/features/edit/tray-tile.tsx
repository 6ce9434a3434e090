/**
 * One input in the tray: the picture, its role (primary, detailed, reference), what the
 * core will send (size, format, bytes, tokens, notes) and the controls to reorder or
 * remove it. The tile itself is focusable: Alt+arrows move it, Delete removes it.
 */
import type { DragEvent, KeyboardEvent } from 'react';
import type { PlannedInput, SendAs } from '../../../../electron/shared';
import { loupe } from '../../bridge/client';
import { formatBytes, formatInt, formatName } from '../../ui/format';
import { setSendAs, type TrayItem } from './tray-store';

export const TRAY_DRAG_TYPE = 'application/x-loupe-tray';

export type FocusTarget = 'tile' | 'earlier' | 'later';

interface Props {
  item: TrayItem;
  index: number;
  count: number;
  /** How many leading inputs the model keeps with extra detail. */
  detailedInputs: number;
  planned: PlannedInput | null;
  selectable: boolean;
  selected: boolean;
  dropBefore: boolean;
  dropAfter: boolean;
  registerFocus: (hash: string, target: FocusTarget, el: HTMLElement | null) => void;
  onMove: (from: number, to: number, focus: FocusTarget) => void;
  onRemove: () => void;
  onSelect: (on: boolean) => void;
  onDragOver: (e: DragEvent<HTMLLIElement>) => void;
  onDrop: (e: DragEvent<HTMLLIElement>) => void;
}

function roleOf(index: number, detailedInputs: number, planned: PlannedInput | null): { label: string; className: string } {
  if (index === 0) return { label: 'Primary — kept with the most detail', className: 'role-primary' };
  const detailed = planned ? planned.detailed : index < detailedInputs;
  return detailed ? { label: 'Detailed', className: 'role-detailed' } : { label: 'Reference', className: 'role-reference' };
}

function sentLine(p: PlannedInput): string {
  const o = p.original;
  const s = p.sent;
  return `${o.width}×${o.height}, ${formatBytes(o.bytes)} → ${s.width}×${s.height} ${formatName(s.mime)}, ${formatBytes(s.bytes)}`;
}

export function TrayTile(props: Props) {
  const { item, index, count, planned, registerFocus, onMove } = props;
  const n = index + 1;
  const role = roleOf(index, props.detailedInputs, planned);

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target !== e.currentTarget) return;
    const earlier = e.key === 'ArrowLeft' || e.key === 'ArrowUp';
    const later = e.key === 'ArrowRight' || e.key === 'ArrowDown';
    if (e.altKey && (earlier || later)) {
      e.preventDefault();
      onMove(index, earlier ? index - 1 : index + 1, 'tile');
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      props.onRemove();
    }
  };

  return (
    <li
      ref={(el) => registerFocus(item.hash, 'tile', el)}
      className={`tray-tile ${index === 0 ? 'is-primary' : ''} ${props.dropBefore ? 'drop-before' : ''} ${props.dropAfter ? 'drop-after' : ''}`}
      tabIndex={0}
      draggable
      aria-label={`${item.name}, image ${n} of ${count}. ${role.label}.`}
      aria-describedby="tray-keys"
      onKeyDown={onKeyDown}
      onDragStart={(e) => {
        e.dataTransfer.setData(TRAY_DRAG_TYPE, String(index));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={props.onDragOver}
      onDrop={props.onDrop}
    >
      <div className="tile-thumb checker">
        <img src={loupe.assetUrl(item.hash, 'thumb')} alt={`Input ${n}: ${item.name}`} draggable={false} />
        <span className="tile-number" aria-hidden="true">
          {n}
        </span>
      </div>
      <div className="tile-body">
        <p className="tile-name" title={item.name}>
          {item.name}
        </p>
        <p className={`tile-role ${role.className}`}>{role.label}</p>
        {planned ? (
          <>
            <p className="tile-sent">{sentLine(planned)}</p>
            <p className="tile-format">{planned.sentAs}</p>
            <p className="tile-tokens">
              {formatInt(planned.tokens)} input tokens
              {planned.notes.length > 0 ? ` · ${planned.notes.join(' · ')}` : ''}
            </p>
            <p className="tile-why">{planned.tokensWhy}</p>
          </>
        ) : (
          <p className="tile-sent muted">
            {item.width}×{item.height}
            {item.bytes > 0 ? `, ${formatBytes(item.bytes)}` : ''}
          </p>
        )}
        <label className="tile-send-as">
          <span>Send as</span>
          <select aria-label={`Send ${item.name} as`} value={item.sendAs ?? 'auto'} onChange={(e) => setSendAs(item.hash, e.target.value as SendAs)}>
            <option value="auto">Auto</option>
            <option value="lossless">PNG</option>
            <option value="jpeg">JPEG</option>
          </select>
        </label>
        <div className="tile-actions">
          <button
            ref={(el) => registerFocus(item.hash, 'earlier', el)}
            type="button"
            className="icon-button"
            aria-label={`Move ${item.name} earlier`}
            title="Move earlier (Alt+↑)"
            disabled={index === 0}
            onClick={() => onMove(index, index - 1, 'earlier')}
          >
            ↑
          </button>
          <button
            ref={(el) => registerFocus(item.hash, 'later', el)}
            type="button"
            className="icon-button"
            aria-label={`Move ${item.name} later`}
            title="Move later (Alt+↓)"
            disabled={index === count - 1}
            onClick={() => onMove(index, index + 1, 'later')}
          >
            ↓
          </button>
          <button type="button" className="icon-button danger" aria-label={`Remove ${item.name}`} title="Remove (Delete)" onClick={props.onRemove}>
            ✕
          </button>
          {props.selectable ? (
            <label className="checkbox tile-select">
              <input type="checkbox" checked={props.selected} onChange={(e) => props.onSelect(e.target.checked)} aria-label={`Select ${item.name} for compose`} />
              <span aria-hidden="true">Compose</span>
            </label>
          ) : null}
        </div>
      </div>
    </li>
  );
}
