/**
 * "Edit this output": the output goes first in Edit's tray, and the edit records where it
 * came from. When an edit is already under way the button asks how: "Start a new edit"
 * (the default, first and focused: the old inputs and prompt would silently ride along
 * otherwise, and cost tokens) or "Add to the current edit". A new edit can be undone
 * from the status it shows in Edit.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { JobView, OutputView } from '../../../../../electron/shared';
import { useNavigate } from '../../../app/navigation';
import { editOutput, trayItemFromOutput } from '../from-output';
import { editIsEmpty, settleNewEdit, startNewEdit } from '../session/new-edit';
import { insertItems } from '../tray-store';
import { closeResult } from './result-store';
import { isAnimated, isVector } from '../../../ui/output-kind';

type Mode = 'new' | 'add';

export function EditOutputButton({ job, output, compact = false }: { job: JobView; output: OutputView; compact?: boolean }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && e.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  // The edits endpoint takes PNG, WebP or JPEG inputs only.
  const unusable = output.lockedHash === null && (isAnimated(output.mime) || isVector(output.mime));
  if (unusable) {
    return <span className="field-note edit-unusable">{isVector(output.mime) ? 'An SVG' : 'An animated GIF'} cannot be edited: edits take PNG, WebP or JPEG.</span>;
  }

  const go = (mode: Mode) => {
    setOpen(false);
    setBusy(true);
    navigate('edit');
    const run = async () => {
      if (mode === 'add') {
        closeResult();
        await editOutput(job, output);
        return;
      }
      const item = await trayItemFromOutput(job, output);
      startNewEdit(item.name);
      insertItems([item], 0);
      settleNewEdit();
    };
    void run().finally(() => setBusy(false));
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <span className="edit-output">
      <button
        ref={buttonRef}
        type="button"
        className={compact ? 'btn small ghost thumb-action' : 'btn small'}
        aria-label="Edit this output"
        aria-haspopup="menu"
        aria-expanded={open}
        title={`Open output ${output.index + 1} in Edit as the first image`}
        disabled={busy}
        onClick={() => {
          if (editIsEmpty()) go('new');
          else setOpen((o) => !o);
        }}
      >
        {compact ? 'Edit' : 'Edit this output'}
      </button>
      {open ? (
        <div ref={menuRef} className="edit-output-menu" role="menu" aria-label={`Edit output ${output.index + 1}`} onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => go('new')}>
            <strong>Start a new edit</strong>
            <span>Only this image; the tray, mask and prompt are cleared (Undo in Edit)</span>
          </button>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => go('add')}>
            <strong>Add to the current edit</strong>
            <span>First in the tray, beside the images and prompt already there</span>
          </button>
        </div>
      ) : null}
    </span>
  );
}
