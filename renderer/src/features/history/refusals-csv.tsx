/** The moderation refusals the filters show, as a CSV to attach to an appeal (job, categories, request ids, prompt). */
import { call } from '../../bridge/client';
import { ActionStatus } from '../../ui/action-status';
import { plural } from '../../ui/format';
import { useAction } from '../../ui/use-action';
import { downloadText } from '../costs/csv-download';
import { toFilter, type FilterDraft } from './history-state';

export function RefusalsCsvButton({ filters, query }: { filters: FilterDraft; query: string }) {
  const action = useAction();
  const save = () =>
    action.run(async () => {
      const r = await call('refusalsCsv', { filter: toFilter(filters, query) });
      if (r.rows === 0) return 'No refusals match these filters.';
      downloadText(r.csv, r.fileName);
      return `Saved ${plural(r.rows, 'refusal')} as ${r.fileName}.`;
    });
  return (
    <div className="refusals-csv">
      <button type="button" className="btn small" onClick={() => void save()} disabled={action.busy}>
        Export refusals (CSV)
      </button>
      <ActionStatus action={action} />
    </div>
  );
}
