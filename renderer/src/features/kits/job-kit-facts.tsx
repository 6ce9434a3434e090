/** History's details for a job made with a brand kit: the kit and version, and each asset version it sent. */
import { useEffect, useState } from 'react';
import type { JobKit } from '../../../../electron/shared';
import { call } from '../../bridge/client';

/** "hero-banner" -> "Hero banner": presets are recorded by id, which stays put when a preset is renamed. */
const presetLabel = (id: string): string => id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' ');

export function JobKitFacts({ jobId }: { jobId: number }) {
  const [kit, setKit] = useState<JobKit | null>(null);
  useEffect(() => {
    let live = true;
    call('jobKit', { jobId }).then(
      (k) => live && setKit(k),
      () => live && setKit(null),
    );
    return () => {
      live = false;
    };
  }, [jobId]);
  if (!kit) return null;
  return (
    <section className="det-section" aria-labelledby="det-kit">
      <h3 id="det-kit" className="section-title">
        Brand kit
      </h3>
      <p>
        {kit.kitName} version {kit.revision}
        {kit.kitId === null ? ' (kit since deleted)' : ''}
        {kit.presetId ? ` · ${presetLabel(kit.presetId)} preset` : ''}
      </p>
      <ul className="kit-facts-list">
        {kit.assets.map((a) => (
          <li key={`${a.hash}-${a.version}`}>
            {a.name} version {a.version}
            {a.current ? '' : ' (replaced since)'}
          </li>
        ))}
      </ul>
    </section>
  );
}
