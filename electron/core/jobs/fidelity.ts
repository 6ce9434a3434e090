import { findModel } from '../../shared';

/**
 * The input fidelity an edit runs at: models that always use high are high, models with a
 * choice use what was asked or the API's default (low); generations, and models that take
 * no fidelity, have none. Stored with the job (the fidelity filter) and used by the
 * {fidelity} naming token.
 */
export function effectiveFidelity(kind: 'generate' | 'edit', modelId: string, asked: 'low' | 'high' | undefined): 'low' | 'high' | null {
  if (kind !== 'edit') return null;
  const model = findModel(modelId);
  if (!model) return asked ?? null;
  if (model.inputFidelity === 'always-high') return 'high';
  if (model.inputFidelity === 'choice') return asked ?? 'low';
  return null;
}
