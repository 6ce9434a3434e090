/**
 * Library-wide facts several views share: the projects (Generate, Edit, History, Costs and
 * Settings all offer them), the tags in use, and an `epoch` that moves whenever the library
 * changed underneath the views (a restore, a delete, a prune), so each refreshes itself.
 */
import { useEffect } from 'react';
import type { AppError, ProjectView, ResponseOf } from '../../../electron/shared';
import { call, loupe, toAppError } from './client';
import { createStore, useStore } from './store';

export type TagCount = ResponseOf<'tags:list'>[number];

interface LibraryState {
  projects: readonly ProjectView[] | null;
  tags: readonly TagCount[] | null;
  epoch: number;
  error: AppError | null;
}

const store = createStore<LibraryState>({ projects: null, tags: null, epoch: 0, error: null });
let started = false;
let spendTimer: ReturnType<typeof setTimeout> | null = null;

export async function reloadProjects(): Promise<void> {
  try {
    const projects = await call('listProjects', {});
    store.set((s) => ({ ...s, projects, error: null }));
  } catch (err) {
    // Until the core answers, views offer "no project" only; the error is kept for Settings.
    store.set((s) => ({ ...s, projects: s.projects ?? [], error: toAppError(err) }));
  }
}

export async function reloadTags(): Promise<void> {
  try {
    const tags = await call('listTags', {});
    store.set((s) => ({ ...s, tags }));
  } catch {
    store.set((s) => ({ ...s, tags: s.tags ?? [] }));
  }
}

/** The library changed in a way no job event describes: every view reloads what it shows. */
export function libraryChanged(): void {
  store.set((s) => ({ ...s, epoch: s.epoch + 1 }));
  void reloadProjects();
  void reloadTags();
}

function start(): void {
  if (started) return;
  started = true;
  void reloadProjects();
  void reloadTags();
  // Spending per project moves when jobs finish; one reload after a burst of them.
  loupe.onJobEvent((event) => {
    if (event.type !== 'job' || event.job.projectId === null) return;
    if (spendTimer) clearTimeout(spendTimer);
    spendTimer = setTimeout(() => void reloadProjects(), 800);
  });
}

export function useLibrary(): LibraryState {
  const state = useStore(store);
  useEffect(start, []);
  return state;
}

export function projectName(projects: readonly ProjectView[] | null, id: number | null | undefined): string | undefined {
  return id == null ? undefined : projects?.find((p) => p.id === id)?.name;
}
