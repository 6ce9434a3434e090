/** How many jobs go at once, and how many images a minute each model may be sent (the account's tier decides what the API allows). */
import { useState, type FormEvent } from 'react';
import type { SettingsView } from '../../../../electron/shared';
import { OutcomeLines } from '../../ui/action-status';
import { NumberField } from '../../ui/number-field';
import { useSettingsSaver } from './use-saver';

export function QueueSettings({ settings }: { settings: SettingsView }) {
  const saver = useSettingsSaver();
  const [concurrency, setConcurrency] = useState(String(settings.queue.concurrency));
  const [perMinute, setPerMinute] = useState(String(settings.queue.imagesPerMinute));
  const [status, setStatus] = useState<string | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const next = await saver.save({ queue: { concurrency: Number(concurrency), imagesPerMinute: Number(perMinute) } });
    if (next) setStatus(`Saved: ${next.queue.concurrency} at a time, ${next.queue.imagesPerMinute} images a minute per model.`);
  };

  return (
    <section className="panel" aria-labelledby="queue-title">
      <h2 id="queue-title">Job queue</h2>
      <form onSubmit={(e) => void save(e)} noValidate className="queue-form">
        <NumberField id="queue-concurrency" label="Jobs at once" min={1} max={16} value={concurrency} onChange={setConcurrency} error={saver.fieldErrors.queue} note="Requests sent at the same time." />
        <NumberField
          id="queue-rate"
          label="Images per minute, per model"
          min={1}
          max={10000}
          value={perMinute}
          onChange={setPerMinute}
          note="Keep it at or under your account's limit (Tier 1 allows 5): Loupe then never hits it."
        />
        <div className="button-row">
          <button type="submit" className="btn primary" disabled={saver.saving}>
            Save queue
          </button>
        </div>
      </form>
      <OutcomeLines error={saver.error} status={status} />
    </section>
  );
}
