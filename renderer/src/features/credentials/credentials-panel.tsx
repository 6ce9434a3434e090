/**
 * An image's Content Credentials (C2PA), as Loupe's validator found them just now: the
 * state in plain words, then each manifest (the file's own first, then those of what it
 * was made from): who signed it, what tool, whether it says AI made it, its actions and
 * ingredients. The raw manifest is one click away.
 */
import { useEffect, useState } from 'react';
import type { AppError, CredentialSummary, ManifestSummary } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { ErrorAlert } from '../../ui/error-alert';
import { actionWord, isLocalSigner, relationshipWord, sourceTypeWords, STATE_LABEL } from './credential-words';
import { RawManifestDialog } from './raw-manifest-dialog';

export function useCredentials(hash: string): { summary: CredentialSummary | null; error: AppError | null } {
  const [summary, setSummary] = useState<CredentialSummary | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    // Callers key this by hash, so a new image starts from a fresh (empty) state.
    let live = true;
    call('getCredentials', { hash })
      .then((s) => live && setSummary(s))
      .catch((err: unknown) => live && setError(toAppError(err)));
    return () => {
      live = false;
    };
  }, [hash]);
  return { summary, error };
}

/** The message after its label ("Valid: the credentials…" → "The credentials…"), as a sentence of its own. */
function explanation(message: string): string {
  const rest = message.replace(/^[^:]+:\s*/, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** How the manifest's own image is named where it was used: the ingredient's title. */
function usedAs(m: ManifestSummary, all: ManifestSummary[]): string | null {
  for (const other of all) for (const ing of other.ingredients) if (ing.manifest === m.label) return ing.title;
  return null;
}

function ManifestCard({ m, first, all }: { m: ManifestSummary; first: boolean; all: ManifestSummary[] }) {
  const made = sourceTypeWords(m.digitalSourceType);
  const titleOf = (label: string | null) => {
    const found = all.find((x) => x.label === label);
    return found ? ` (credentials signed by ${found.issuer ?? 'an unknown signer'})` : '';
  };
  return (
    <li className={`cred-manifest state-${m.state}`} aria-label={`${first ? 'Manifest of this image' : 'Manifest of an ingredient'}: signed by ${m.issuer ?? 'unknown'}`}>
      <p className="cred-manifest-head">
        <strong>{m.issuer ?? 'Unknown signer'}</strong>
        <span className="cred-tag">{first ? 'this image' : `ingredient: ${usedAs(m, all) ?? 'untitled'}`}</span>
        <span className={`cred-state state-${m.state}`}>{STATE_LABEL[m.state]}</span>
      </p>
      <dl className="cred-facts">
        {m.tool ? (
          <>
            <dt>Tool</dt>
            <dd>{m.tool}</dd>
          </>
        ) : null}
        <dt>AI generated</dt>
        <dd>{m.aiGenerated ? `Yes: ${made ?? 'made by an AI model'}` : made ? `No: ${made}` : 'Not stated'}</dd>
        {m.actions.length > 0 ? (
          <>
            <dt>Actions</dt>
            <dd>
              <ul className="cred-list">
                {m.actions.map((a, i) => (
                  <li key={i}>
                    {actionWord(a.action)}
                    {a.description ? `: ${a.description}` : ''}
                    {a.softwareAgent && a.softwareAgent !== m.tool ? ` (${a.softwareAgent})` : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {m.ingredients.length > 0 ? (
          <>
            <dt>Ingredients</dt>
            <dd>
              <ul className="cred-list">
                {m.ingredients.map((ing, i) => (
                  <li key={i}>
                    {relationshipWord(ing.relationship)} “{ing.title}”{ing.manifest ? titleOf(ing.manifest) : ', without credentials'}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      {isLocalSigner(m) ? (
        <p className="cred-note">Signed with the certificate Loupe made on this computer. It is not on any public trust list, so other apps will show this signer as unknown.</p>
      ) : null}
    </li>
  );
}

export function CredentialsPanel({ hash, title, headingLevel = 4 }: { hash: string; title: string; headingLevel?: 3 | 4 }) {
  const { summary, error } = useCredentials(hash);
  const [raw, setRaw] = useState(false);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <section className={`credentials state-${summary?.state ?? 'loading'}`} aria-label={`Content credentials of ${title}`}>
      <Heading className="cred-title">Content Credentials</Heading>
      {error ? <ErrorAlert error={error} offerSettings={false} quiet /> : null}
      {!summary && !error ? <p className="muted">Checking…</p> : null}
      {summary ? (
        <>
          <p className={`cred-verdict state-${summary.state}`}>
            <strong>{STATE_LABEL[summary.state]}.</strong>
            {summary.state === 'none' || summary.state === 'unsupported' ? null : <span className="cred-message"> {explanation(summary.message)}</span>}
          </p>
          {summary.state === 'unsupported' ? <p className="cred-message">{summary.message}</p> : null}
          {summary.problems.length > 0 ? (
            <ul className="cred-problems" aria-label="What the validator found">
              {summary.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          ) : null}
          {summary.manifests.length > 0 ? (
            <ul className="cred-manifests" aria-label="Manifests">
              {summary.manifests.map((m, i) => (
                <ManifestCard key={m.label} m={m} first={i === 0} all={summary.manifests} />
              ))}
            </ul>
          ) : null}
          {summary.manifests.length > 0 || summary.state === 'tampered' || summary.state === 'invalid' ? (
            <button type="button" className="btn small" onClick={() => setRaw(true)} aria-haspopup="dialog">
              View raw manifest
            </button>
          ) : null}
        </>
      ) : null}
      {raw ? <RawManifestDialog hash={hash} title={title} onClose={() => setRaw(false)} /> : null}
    </section>
  );
}

/** One line for a job card, with the whole panel a click away. */
export function CredentialsLine({ hash, title }: { hash: string; title: string }) {
  const { summary } = useCredentials(hash);
  const [open, setOpen] = useState(false);
  if (!summary || summary.state === 'none') return null;
  const issuer = summary.manifests[0]?.issuer;
  return (
    <div className="cred-line">
      <button type="button" className={`cred-chip state-${summary.state}`} aria-expanded={open} onClick={() => setOpen(!open)}>
        Content Credentials: {STATE_LABEL[summary.state]}
        {issuer ? ` · signed by ${issuer}` : ''}
      </button>
      {open ? <CredentialsPanel hash={hash} title={title} /> : null}
    </div>
  );
}
