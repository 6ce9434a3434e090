/** Which model new work starts on, and why: the newest active model the key can use. */
import { defaultModel, defaultModelReason, type SettingsView } from '../../../../electron/shared';
import { lifecycleOf } from '../generate/model-choice';

export function DefaultModelLine({ settings }: { settings: SettingsView }) {
  const available = settings.availableModels;
  const id = defaultModel(available, 'generate', lifecycleOf(settings));
  return (
    <p className="field-note default-model" id="default-model-line">
      <strong>Default model for new work:</strong> {defaultModelReason(id, available)}
      {available === null ? ' Test the connection to check which models your key can use.' : ''}
    </p>
  );
}
