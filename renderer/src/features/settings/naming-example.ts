/**
 * A sample file name for a naming template, so the user sees the effect while typing.
 * It uses the core's own renderName (electron/shared/naming.ts), so the example is the
 * name the core would write; the core also keeps it inside the chosen folder and adds a
 * suffix rather than overwrite an existing file.
 */
import { NAMING_TOKENS, renderName } from '../../../../electron/shared';

export const TOKEN_HELP: Record<(typeof NAMING_TOKENS)[number], string> = {
  '{date}': 'date, 2026-11-21',
  '{time}': 'time, 140509',
  '{project}': 'project name',
  '{prompt}': 'first words of the prompt',
  '{model}': 'model id',
  '{quality}': 'quality',
  '{fidelity}': 'input fidelity of an edit',
  '{size}': 'size, 1024x1024',
  '{kit}': 'brand kit and version',
  '{job}': 'job number',
  '{index}': 'image number in the job',
};

export interface NameSample {
  prompt: string;
  model: string;
  project?: string;
  now?: Date;
}

export function exampleName(template: string, sample: NameSample): string {
  const name = renderName(template, {
    date: sample.now ?? new Date(),
    prompt: sample.prompt,
    model: sample.model,
    quality: 'high',
    size: '1024x1024',
    jobId: 42,
    index: 1,
    project: sample.project ?? 'Spring lookbook',
    fidelity: 'high',
  });
  return `${name}.png`;
}
