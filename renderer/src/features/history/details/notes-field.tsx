/**
 * Free notes on a job (searchable with the prompt and tags). Saved a moment after typing
 * stops and when the field loses focus, so nothing typed is lost by closing the panel.
 */
import { useEffect, useRef, useState } from 'react';
import type { JobView } from '../../../../../electron/shared';
import { call } from '../../../bridge/client';
import { putJobs } from '../../../bridge/job-cache';
import { libraryChanged } from '../../../bridge/library-store';
import { ErrorAlert } from '../../../ui/error-alert';
import { useAction } from '../../../ui/use-action';

const SAVE_AFTER_MS = 900;

export function NotesField({ job }: { job: JobView }) {
  const [text, setText] = useState(job.notes);
  const latest = useRef(job.notes);
  const saved = useRef(job.notes);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const action = useAction();
  const { run } = action;

  const save = (value: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (value === saved.current) return;
    saved.current = value;
    void run(async () => {
      putJobs([await call('setNotes', { jobId: job.id, notes: value })]);
      // Notes are searchable: a search that matched them may now match differently.
      libraryChanged();
      return 'Notes saved';
    });
  };
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  // Leaving the job (or the view) with unsaved text saves it.
  useEffect(() => () => {
    if (timer.current) saveRef.current(latest.current);
  }, []);

  return (
    <div className="field notes-field">
      <div className="field-head">
        <label htmlFor="det-notes">Notes</label>
        {/* Always present so the change of its text is announced. */}
        <span role="status" className="status-ok field-aside">
          {action.status}
        </span>
      </div>
      <textarea
        id="det-notes"
        rows={3}
        maxLength={10_000}
        placeholder="Client feedback, what to try next…"
        value={text}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          latest.current = value;
          action.setStatus(null);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => saveRef.current(value), SAVE_AFTER_MS);
        }}
        onBlur={() => save(text)}
      />
      {action.error ? <ErrorAlert error={action.error} offerSettings={false} /> : null}
    </div>
  );
}
