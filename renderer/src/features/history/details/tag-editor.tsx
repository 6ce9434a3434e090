/**
 * Tags on a job: chips with a remove button each, and "Add tag" (Enter adds; commas
 * separate several). Tags already used elsewhere in the library are suggested as buttons,
 * so one spelling wins ("client-a", not "Client A" and "clienta").
 */
import { useState } from 'react';
import type { JobView } from '../../../../../electron/shared';
import { call } from '../../../bridge/client';
import { putJobs } from '../../../bridge/job-cache';
import { libraryChanged, useLibrary } from '../../../bridge/library-store';
import { ErrorAlert } from '../../../ui/error-alert';
import { useAction } from '../../../ui/use-action';

const MAX_TAG = 40;
const MAX_TAGS = 30;
const MAX_SUGGESTIONS = 8;

function parseTags(text: string): { tags: string[]; problem: string | null } {
  const tags = text
    .split(',')
    .map((t) => t.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  const long = tags.find((t) => t.length > MAX_TAG);
  return { tags, problem: long ? `Tags are at most ${MAX_TAG} characters.` : null };
}

export function TagEditor({ job }: { job: JobView }) {
  const { tags: known } = useLibrary();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const save = (tags: string[]) =>
    action.run(async () => {
      putJobs([await call('setTags', { jobId: job.id, tags })]);
      libraryChanged();
      return null;
    });

  const add = (raw: string) => {
    const parsed = parseTags(raw);
    if (parsed.problem) return setProblem(parsed.problem);
    const lower = new Set(job.tags.map((t) => t.toLowerCase()));
    const fresh = parsed.tags.filter((t) => !lower.has(t.toLowerCase()));
    if (fresh.length === 0) return setText('');
    if (job.tags.length + fresh.length > MAX_TAGS) return setProblem(`A job takes at most ${MAX_TAGS} tags.`);
    setProblem(null);
    setText('');
    void save([...job.tags, ...fresh]);
  };

  const typed = text.trim().toLowerCase();
  const suggestions = (known ?? [])
    .filter((t) => !job.tags.some((j) => j.toLowerCase() === t.name.toLowerCase()) && (typed === '' || t.name.toLowerCase().startsWith(typed)))
    .slice(0, MAX_SUGGESTIONS);

  return (
    <div className="tag-editor">
      <p className="field-label-text" aria-hidden="true">
        Tags
      </p>
      {job.tags.length === 0 ? <p className="field-note">No tags yet.</p> : null}
      {job.tags.length > 0 ? (
        <ul className="tag-list" aria-label="Tags of this job">
          {job.tags.map((t) => (
            <li key={t} className="tag-chip">
              <span>{t}</span>
              <button type="button" className="tag-remove" aria-label={`Remove tag ${t}`} title={`Remove ${t}`} disabled={action.busy} onClick={() => void save(job.tags.filter((x) => x !== t))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="field">
        <label htmlFor="det-add-tag">Add tag</label>
        <input
          id="det-add-tag"
          autoComplete="off"
          spellCheck={false}
          placeholder="client-a, hero shot…"
          value={text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'det-add-tag-error' : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add(text);
            }
          }}
        />
        {problem ? (
          <p id="det-add-tag-error" className="field-error">
            {problem}
          </p>
        ) : null}
      </div>
      {suggestions.length > 0 ? (
        <div className="tag-suggestions" role="group" aria-label="Suggested tags">
          {suggestions.map((t) => (
            <button key={t.name} type="button" className="token" title={`Add tag ${t.name} (used on ${t.count})`} onClick={() => add(t.name)} disabled={action.busy}>
              {t.name}
            </button>
          ))}
        </div>
      ) : null}
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </div>
  );
}
