/** The price before sending, from the documented token formulas, with what it had to assume. */
import { estimate, estimateTextTokens, type GenerateParams, type ModelInfo } from '../../../../electron/shared';
import { formatInt, formatUsd } from '../../ui/format';

interface CostEstimateProps {
  model: ModelInfo;
  /** The request as typed (the prompt may still be empty); null when it cannot be priced. */
  request: GenerateParams | null;
  /** Why there is no estimate (e.g. the size is invalid). */
  blocked: string | null;
}

export function CostEstimate({ model, request: params, blocked }: CostEstimateProps) {
  if (!params) {
    return (
      <div className="estimate" id="gen-estimate">
        <p className="estimate-main">Estimate: —</p>
        <p className="estimate-notes">{blocked ?? 'Complete the form to see an estimate.'}</p>
      </div>
    );
  }
  const est = estimate({
    model: params.model,
    prompt: params.prompt,
    n: params.n,
    size: params.size,
    quality: params.quality,
    partialImages: params.partialImages,
    stream: params.stream,
    format: params.outputFormat,
    frames: params.gif?.frames,
    complexity: params.complexity,
  });
  const perImage = Math.round(est.usage.outputImageTokens / params.n);
  const frames = params.gif ? ` (${params.gif.frames} frames)` : '';
  const notes = [
    `About ${formatInt(estimateTextTokens(params.prompt))} prompt tokens (4 characters a token).`,
    ...est.assumptions,
    `${model.label} prices as of ${model.checked}; actual usage replaces this after the call.`,
  ];
  return (
    <div className="estimate" id="gen-estimate">
      <p className="estimate-main">
        <strong>Estimated {formatUsd(est.costUsd)}</strong> · {formatInt(perImage)} output tokens{frames} × {params.n}
      </p>
      <p className="estimate-notes">{notes.join(' ')}</p>
    </div>
  );
}
