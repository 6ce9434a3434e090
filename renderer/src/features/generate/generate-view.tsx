/** Generate: controls on the left, this session's jobs (newest first) on the right. */
import { sessionOf, useJobs } from '../../bridge/jobs-store';
import { GenerateForm } from './generate-form';
import { JobCard } from './job-card';

function Results() {
  const state = useJobs();
  const { partials, retries } = state;
  // Edits started in this window live in the Edit view.
  const { shown, pending } = sessionOf(state, 'generate');
  if (shown.length === 0 && pending === 0) {
    return (
      <div className="empty-results">
        <div className="empty-mark" aria-hidden="true" />
        <h2>Your images will appear here</h2>
        <p>Write a prompt, check the estimate, and press Generate. Previews stream in while the model works; every result is saved to your output folder and kept in History.</p>
      </div>
    );
  }
  return (
    <div className="job-list">
      {pending > 0 ? <p className="muted">Starting…</p> : null}
      {shown.map((job) => (
        <JobCard key={job.id} job={job} partials={partials.get(job.id)} notice={retries.get(job.id)} />
      ))}
    </div>
  );
}

export function GenerateView() {
  return (
    <div className="generate-view">
      <aside className="controls-pane">
        <GenerateForm />
      </aside>
      <section className="results-pane" aria-label="Results">
        <Results />
      </section>
    </div>
  );
}
