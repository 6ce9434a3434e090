/** The comparison lab's channels. */
import type { Handlers } from '../../shared';
import type { CompareService } from './compare-service';

type CompareChannels =
  | 'compare:estimate'
  | 'compare:start'
  | 'compare:list'
  | 'compare:get'
  | 'compare:add-variant'
  | 'compare:set-region'
  | 'compare:pick-winner'
  | 'compare:export-sheet'
  | 'compare:diff-map'
  | 'compare:measure';

export function compareHandlers(lab: CompareService): Pick<Handlers, CompareChannels> {
  return {
    'compare:estimate': ({ source, variants }) => lab.estimate(source, variants),
    'compare:start': (args) => lab.start(args),
    'compare:list': async () => lab.list(),
    'compare:get': async ({ experimentId }) => lab.view(experimentId),
    'compare:add-variant': ({ experimentId, variant, confirmOverBudget }) => lab.addVariant(experimentId, variant, confirmOverBudget),
    'compare:set-region': ({ experimentId, region }) => lab.setRegion(experimentId, region),
    'compare:pick-winner': async ({ experimentId, variantId }) => lab.pickWinner(experimentId, variantId),
    'compare:export-sheet': ({ experimentId }) => lab.exportSheet(experimentId),
    'compare:diff-map': ({ a, b, maskAssetId }) => lab.diff(a, b, maskAssetId),
    'compare:measure': ({ experimentId }) => lab.measure(experimentId),
  };
}
