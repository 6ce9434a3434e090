/** What an appeal of a moderation refusal needs: the categories and the request id OpenAI can look up. */
import type { JobView } from '../../../../electron/shared';

export function refusalFacts(job: Pick<JobView, 'error' | 'requestIds'>): { categories: string[]; requestId: string | null } | null {
  if (job.error?.code !== 'MODERATION_BLOCKED') return null;
  return {
    categories: job.error.detail?.categories ?? [],
    requestId: job.error.detail?.requestId ?? job.requestIds[job.requestIds.length - 1] ?? null,
  };
}
