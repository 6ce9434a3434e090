/**
 * Lineage: which output was edited into which, as a tree (ARIA tree pattern: arrows move,
 * Right/Left open and close, Enter jumps). Every node can be branched from ("Edit this":
 * its first output into Edit) or pruned (it and everything edited from it, deleted).
 */
import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { AppError, LineageNode } from '../../../../../electron/shared';
import { call, loupe, toAppError } from '../../../bridge/client';
import { clearJobCache } from '../../../bridge/job-cache';
import { libraryChanged } from '../../../bridge/library-store';
import { useNavigate } from '../../../app/navigation';
import { askConfirm } from '../../../ui/confirm-store';
import { ErrorAlert } from '../../../ui/error-alert';
import { plural } from '../../../ui/format';
import { editOutput } from '../../edit/from-output';
import { announce, openJob } from '../history-state';
import { sortedOutputs } from '../job-text';
import { ActionStatus } from '../../../ui/action-status';
import { useAction } from '../../../ui/use-action';

interface Flat {
  node: LineageNode;
  level: number;
  parent: number | null;
  pos: number;
  size: number;
}

function flatten(root: LineageNode, collapsed: ReadonlySet<number>): Flat[] {
  const out: Flat[] = [];
  const walk = (node: LineageNode, level: number, parent: number | null, pos: number, size: number) => {
    out.push({ node, level, parent, pos, size });
    if (collapsed.has(node.jobId)) return;
    node.children.forEach((c, i) => walk(c, level + 1, node.jobId, i + 1, node.children.length));
  };
  walk(root, 1, null, 1, 1);
  return out;
}

function descendants(node: LineageNode): number {
  return node.children.reduce((n, c) => n + 1 + descendants(c), 0);
}

function contains(node: LineageNode, jobId: number): boolean {
  return node.jobId === jobId || node.children.some((c) => contains(c, jobId));
}

/** The tree the job belongs to; refetched when the library changes. */
export function useLineage(jobId: number, epoch: number) {
  const [tree, setTree] = useState<{ key: string; root: LineageNode | null; error: AppError | null } | null>(null);
  const key = `${jobId}|${epoch}`;
  useEffect(() => {
    let live = true;
    call('lineage', { jobId }).then(
      (root) => live && setTree({ key, root, error: null }),
      (err: unknown) => live && setTree({ key, root: null, error: toAppError(err) }),
    );
    return () => {
      live = false;
    };
  }, [jobId, key]);
  return { root: tree?.root ?? null, error: tree?.error ?? null };
}

/** The node whose children include the job: what it was edited from. */
export function parentNode(root: LineageNode | null, jobId: number): LineageNode | null {
  if (!root) return null;
  for (const c of root.children) {
    if (c.jobId === jobId) return root;
    const found = parentNode(c, jobId);
    if (found) return found;
  }
  return null;
}

export function LineageTree({ jobId, root, error }: { jobId: number; root: LineageNode | null; error: AppError | null }) {
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [focusId, setFocusId] = useState<number | null>(null);
  const action = useAction();
  const flat = useMemo(() => (root ? flatten(root, collapsed) : []), [root, collapsed]);
  const current = flat.find((f) => f.node.jobId === (focusId ?? jobId))?.node.jobId ?? flat[0]?.node.jobId ?? null;

  const focusNode = (id: number) => {
    setFocusId(id);
    // The element exists already (only visible nodes are candidates); focus it after this event.
    requestAnimationFrame(() => document.getElementById(`lineage-${id}`)?.focus());
  };
  const toggle = (id: number, open: boolean) =>
    setCollapsed((s) => {
      const next = new Set(s);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!item || e.target !== item) return;
    const i = flat.findIndex((f) => f.node.jobId === Number(item.dataset.job));
    const f = flat[i];
    if (!f) return;
    const open = f.node.children.length > 0 && !collapsed.has(f.node.jobId);
    let target: number | undefined;
    if (e.key === 'ArrowDown') target = flat[i + 1]?.node.jobId;
    else if (e.key === 'ArrowUp') target = flat[i - 1]?.node.jobId;
    else if (e.key === 'Home') target = flat[0]?.node.jobId;
    else if (e.key === 'End') target = flat[flat.length - 1]?.node.jobId;
    else if (e.key === 'ArrowRight') {
      if (f.node.children.length > 0 && !open) toggle(f.node.jobId, true);
      else target = f.node.children[0]?.jobId;
    } else if (e.key === 'ArrowLeft') {
      if (open) toggle(f.node.jobId, false);
      else target = f.parent ?? undefined;
    } else if (e.key === 'Enter') openJob(f.node.jobId);
    else return;
    e.preventDefault();
    if (target !== undefined) focusNode(target);
  };

  const branch = (node: LineageNode) =>
    action.run(async () => {
      const [job] = await call('getJobs', { ids: [node.jobId] });
      const output = job ? sortedOutputs(job)[0] : undefined;
      if (!job || !output) return `Job #${node.jobId} has no image to edit.`;
      navigate('edit');
      await editOutput(job, output);
      return null;
    });

  const prune = async (node: LineageNode) => {
    const below = descendants(node);
    const ok = await askConfirm({
      title: `Prune job #${node.jobId}?`,
      body: <p>{below > 0 ? `This deletes job #${node.jobId} and the ${plural(below, 'edit')} made from it, with their images (files still used elsewhere are kept).` : `This deletes job #${node.jobId} and its images (files still used elsewhere are kept).`}</p>,
      confirmLabel: 'Prune',
      danger: true,
    });
    if (!ok) return;
    await action.run(async () => {
      const r = await call('pruneLineage', { jobId: node.jobId });
      // If the open job went with the branch, show what remains above it.
      const parent = flat.find((f) => f.node.jobId === node.jobId)?.parent ?? null;
      if (contains(node, jobId)) openJob(parent);
      clearJobCache();
      libraryChanged();
      announce(`Pruned ${plural(r.deletedJobs, 'job')}, removed ${plural(r.removedFiles, 'file')} from the store.`);
      return null;
    });
  };

  if (error) return <ErrorAlert error={error} offerSettings={false} />;
  if (!root) return <p className="muted">Loading lineage…</p>;

  const render = (node: LineageNode, f: Flat | undefined): ReactNode => {
    if (!f) return null;
    const hasChildren = node.children.length > 0;
    const open = hasChildren && !collapsed.has(node.jobId);
    const here = node.jobId === jobId;
    const tabbable = node.jobId === current;
    return (
      <li
        key={node.jobId}
        id={`lineage-${node.jobId}`}
        role="treeitem"
        data-job={node.jobId}
        aria-level={f.level}
        aria-posinset={f.pos}
        aria-setsize={f.size}
        aria-expanded={hasChildren ? open : undefined}
        aria-selected={here}
        aria-current={here ? 'true' : undefined}
        aria-label={`#${node.jobId} ${node.prompt}`}
        tabIndex={tabbable ? 0 : -1}
        className={`tree-node${here ? ' here' : ''}`}
        onFocus={(e) => e.target === e.currentTarget && setFocusId(node.jobId)}
      >
        <div
          className="tree-row"
          onClick={(e) => {
            if ((e.target as HTMLElement).closest('button')) return;
            openJob(node.jobId);
          }}
        >
          <span
            className={`tree-twisty${hasChildren ? '' : ' leaf'}`}
            aria-hidden="true"
            onClick={(e) => {
              if (!hasChildren) return;
              e.stopPropagation();
              toggle(node.jobId, !open);
            }}
          >
            {hasChildren ? (open ? '▾' : '▸') : '•'}
          </span>
          {node.thumbHash ? <img className="tree-thumb checker" src={loupe.assetUrl(node.thumbHash, 'thumb')} alt="" loading="lazy" draggable={false} /> : <span className="tree-thumb empty" />}
          <span className="tree-text">
            <span className="tree-id">#{node.jobId}</span>
            <span className="tree-prompt" title={node.prompt}>
              {node.prompt}
            </span>
          </span>
          <span className="tree-actions">
            <button type="button" className="btn small ghost" tabIndex={tabbable ? 0 : -1} disabled={!node.thumbHash || action.busy} onClick={() => void branch(node)}>
              Edit this
            </button>
            <button type="button" className="btn small ghost danger" tabIndex={tabbable ? 0 : -1} disabled={action.busy} onClick={() => void prune(node)}>
              Prune
            </button>
          </span>
        </div>
        {open ? (
          <ul role="group">
            {node.children.map((c) => render(c, flat.find((x) => x.node.jobId === c.jobId)))}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    <>
      <ul role="tree" aria-label="Lineage" className="lineage-tree" onKeyDown={onKeyDown}>
        {render(root, flat[0])}
      </ul>
      {root.children.length === 0 ? <p className="field-note">No edits made from this job yet. Use “Edit this output” to start a branch.</p> : null}
      <ActionStatus action={action} className="det-status" />
    </>
  );
}
