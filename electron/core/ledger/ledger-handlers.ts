/** The cost ledger's channels: totals for the chart and CSV for invoicing. */
import { labelToken, type Handlers } from '../../shared';
import type { OrganiseRepo } from '../db/organise-repo';
import type { Ledger } from './ledger';

const pad = (n: number): string => String(n).padStart(2, '0');

export function ledgerHandlers(d: { ledger: Ledger; organise: OrganiseRepo; now: () => number }): Pick<Handlers, 'ledger:summary' | 'ledger:csv'> {
  return {
    'ledger:summary': async (q) => d.ledger.summary(q),
    'ledger:csv': async (q) => {
      const day = new Date(d.now());
      const project = q.projectId === undefined ? null : q.projectId === null ? 'no-project' : labelToken(d.organise.project(q.projectId)?.name ?? '') || `project-${q.projectId}`;
      const fileName = `loupe-costs${project ? `-${project}` : ''}-${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}.csv`;
      return { csv: d.ledger.csv(q), fileName };
    },
  };
}
