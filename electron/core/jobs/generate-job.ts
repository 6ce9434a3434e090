/** Generations: the request is the prompt and output parameters; each image is stored as it arrives. */
import { generateRequest } from '../openai/image-requests';
import type { DriverFactory, ImageJobDeps } from './image-job';
import { writeOutput } from './output-writer';

export function generateDriver(deps: ImageJobDeps): DriverFactory {
  return async (job, model) => ({
    request: (client, extra) => generateRequest(client, model, job.params, extra),
    write: async (index, bytes, out) => {
      await writeOutput(deps, job, index, bytes, out);
    },
  });
}
