/** History's two halves, Jobs and Experiments: the switch both show in their header. */
import { showSection, useLabUi } from './lab-store';

export function HistorySections() {
  const { section } = useLabUi();
  return (
    <div className="toggle-group history-sections" role="group" aria-label="Show in History">
      <button type="button" aria-pressed={section === 'jobs'} onClick={() => showSection('jobs')}>
        Jobs
      </button>
      <button type="button" aria-pressed={section === 'experiments'} onClick={() => showSection('experiments')}>
        Experiments
      </button>
    </div>
  );
}
