/**
 * Where the lab stands in the window: History shows jobs or experiments, one experiment may
 * be open, and a setup dialog may be asking which variants to run. Kept outside React so a
 * tab switch loses nothing.
 */
import type { CompareSource } from '../../../../electron/shared';
import { createStore, useStore } from '../../bridge/store';
import type { Guide } from '../edit/edit-draft';

export interface SetupRequest {
  /** What the variants edit: the edit being put together, or a job of the history. */
  source: CompareSource;
  /** The settings the edit had: the default pair starts from them. */
  base: { model: string; quality: string; complexity?: string; guide: Guide; pixelLock: boolean };
  /** Guides the source carries (a variant can only send what is there). */
  guides: { mask: boolean; markup: boolean };
  /** Adding to an experiment already run, instead of starting one. */
  experimentId?: number;
  /** How many variants the experiment already holds (it holds at most four panes' worth). */
  existing?: number;
}

interface LabUi {
  section: 'jobs' | 'experiments';
  openExperimentId: number | null;
  setup: SetupRequest | null;
  /** Bumped when an experiment is started or changed, so lists reload. */
  epoch: number;
}

const store = createStore<LabUi>({ section: 'jobs', openExperimentId: null, setup: null, epoch: 0 });

export function useLabUi(): LabUi {
  return useStore(store);
}

export function showSection(section: LabUi['section']): void {
  store.set((s) => ({ ...s, section }));
}

export function openExperiment(id: number | null): void {
  store.set((s) => ({ ...s, section: 'experiments', openExperimentId: id }));
}

export function askSetup(setup: SetupRequest | null): void {
  store.set((s) => ({ ...s, setup }));
}

export function experimentsChanged(): void {
  store.set((s) => ({ ...s, epoch: s.epoch + 1 }));
}
