/**
 * The price before sending. The core's plan knows what each input becomes once
 * normalised; until it answers, the same formulas run here on the originals' sizes
 * (input tokens depend on the shape, not the size, so this is close).
 */
import { estimate, estimateTextTokens, type EditParams, type EditPlan, type ModelInfo } from '../../../../../electron/shared';
import { formatInt, formatUsd } from '../../../ui/format';
import type { TrayItem } from '../tray-store';

interface Props {
  model: ModelInfo;
  request: EditParams | null;
  items: readonly TrayItem[];
  plan: EditPlan | null;
  blocked: string | null;
}

export function EditEstimate({ model, request, items, plan, blocked }: Props) {
  if (!request) {
    return (
      <div className="estimate" id="edit-estimate">
        <p className="estimate-main">Estimate: —</p>
        <p className="estimate-notes">{blocked ?? 'Add images to see an estimate.'}</p>
      </div>
    );
  }
  const est =
    plan?.estimate ??
    estimate({
      model: request.model,
      prompt: request.prompt,
      n: request.n,
      size: request.size,
      quality: request.quality,
      partialImages: request.partialImages,
      stream: request.stream,
      inputs: items.map((i) => ({ width: i.width, height: i.height })),
      inputFidelity: request.inputFidelity,
      format: request.outputFormat,
      frames: request.gif?.frames,
      complexity: request.complexity,
    });
  const high = model.inputFidelity === 'always-high' || (model.inputFidelity === 'choice' && request.inputFidelity === 'high');
  const perImage = Math.round(est.usage.outputImageTokens / request.n);
  const notes = [
    `About ${formatInt(estimateTextTokens(request.prompt))} prompt tokens.`,
    ...est.assumptions,
    `${model.label} prices as of ${model.checked}; actual usage replaces this after the call.`,
  ];
  return (
    <div className="estimate" id="edit-estimate">
      <p className="estimate-main">
        <strong>Estimated {formatUsd(est.costUsd)}</strong> · inputs {formatInt(est.usage.inputImageTokens)} tokens{high ? ' (fidelity surcharge included)' : ''} · output{' '}
        {formatInt(perImage)} × {request.n}
      </p>
      <p className="estimate-notes">{notes.join(' ')}</p>
    </div>
  );
}
