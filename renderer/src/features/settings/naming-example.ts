/**
 * A sample file name for the naming template, so the user sees the effect while typing.
 * It mirrors the tokens the core fills in; the core decides the final name (and adds a
 * suffix rather than overwrite an existing file).
 */
import { NAMING_TOKENS } from '../../../../electron/shared';

export const TOKEN_HELP: Record<(typeof NAMING_TOKENS)[number], string> = {
  '{date}': 'date, 2026-11-21',
  '{time}': 'time, 14-05-09',
  '{prompt}': 'first words of the prompt',
  '{model}': 'model id',
  '{quality}': 'quality',
  '{size}': 'size, 1024x1024',
  '{job}': 'job number',
  '{index}': 'image number in the job',
};

const pad = (n: number) => String(n).padStart(2, '0');

export function promptSlug(prompt: string): string {
  return (
    prompt
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .split('-')
      .slice(0, 6)
      .join('-')
      .slice(0, 48) || 'image'
  );
}

export function exampleName(template: string, sample: { prompt: string; model: string; now?: Date }): string {
  const now = sample.now ?? new Date();
  const values: Record<string, string> = {
    '{date}': `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    '{time}': `${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`,
    '{prompt}': promptSlug(sample.prompt),
    '{model}': sample.model,
    '{quality}': 'high',
    '{size}': '1024x1024',
    '{job}': '42',
    '{index}': '1',
  };
  const name = template.trim().replace(/\{[a-z]+\}/g, (token) => values[token] ?? token);
  return `${name.replace(/[\\/:*?"<>|]+/g, '-')}.png`;
}
