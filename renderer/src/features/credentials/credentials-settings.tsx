/**
 * Settings › Content Credentials: who Loupe signs as when it changes pixels (its own
 * per-install certificate, on no public trust list, or an organisation's certificate and
 * key loaded as PEM or PKCS#12), and whether saving may embed XMP into images that carry
 * credentials (Loupe then re-signs them).
 */
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import type { SignerView } from '../../../../electron/shared';
import { call } from '../../bridge/client';
import { ActionStatus } from '../../ui/action-status';
import { Field } from '../../ui/field';
import { formatDate } from '../../ui/format';
import { useAction } from '../../ui/use-action';

type Source = 'pem' | 'pkcs12';

async function fileText(e: ChangeEvent<HTMLInputElement>): Promise<{ name: string; text: string; base64: string } | null> {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (!file) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { name: file.name, text: new TextDecoder().decode(bytes), base64: btoa(binary) };
}

export function CredentialsSettings() {
  const [signer, setSigner] = useState<SignerView | null>(null);
  const action = useAction();
  const [source, setSource] = useState<Source>('pem');
  const [keyPem, setKeyPem] = useState('');
  const [certPem, setCertPem] = useState('');
  const [p12, setP12] = useState<{ name: string; base64: string } | null>(null);
  const [password, setPassword] = useState('');

  useEffect(() => {
    void action.run(async () => (setSigner(await call('getSigner', {})), null));
    // Once, on opening Settings.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const load = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const next =
        source === 'pem'
          ? await call('loadSigner', { pem: { key: keyPem, certificates: certPem } })
          : await call('loadSigner', { pkcs12: { dataBase64: p12?.base64 ?? '', password } });
      setSigner(next);
      setKeyPem('');
      setPassword('');
      setP12(null);
      return `Loupe now signs as ${next.subject}.`;
    });
  };

  const reset = () =>
    action.run(async () => {
      const next = await call('resetSigner', {});
      setSigner(next);
      return 'Loupe signs with a new certificate of its own again.';
    });

  const setEmbed = (embedOverCredentials: boolean) =>
    action.run(async () => {
      setSigner(await call('setCredentialsOptions', { embedOverCredentials }));
      return embedOverCredentials ? 'Saved: metadata is embedded and Loupe re-signs the file.' : 'Saved: images with credentials are kept as they came, metadata beside them.';
    });

  return (
    <section className="panel credentials-settings" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Content Credentials</h2>
      <p className="muted">
        OpenAI signs every image it returns with C2PA Content Credentials. Loupe keeps them valid, and where it changes pixels (pixel lock) it adds a manifest of its own
        naming the API’s image as the source.
      </p>
      {signer ? (
        <dl className="facts" aria-label="Signing certificate">
          <dt>Loupe signs as</dt>
          <dd>
            {signer.subject} (issued by {signer.issuer}, valid until {formatDate(signer.notAfter)})
          </dd>
          <dt>Trust</dt>
          <dd>
            {signer.kind === 'local'
              ? 'A certificate Loupe made on this computer. It is not on any public trust list: other apps will show the signature as valid but the signer as unknown.'
              : 'Your organisation’s certificate. Apps trust it if its issuer is on their trust list.'}
          </dd>
        </dl>
      ) : null}

      <div className="check-with-note">
        <label className="checkbox">
          <input type="checkbox" checked={signer?.embedOverCredentials ?? false} disabled={!signer || action.busy} aria-describedby="cred-embed-note" onChange={(e) => void setEmbed(e.target.checked)} />
          Embed metadata in images that carry content credentials
        </label>
        <p id="cred-embed-note" className="field-note cred-warning">
          Off (recommended): such images are saved byte for byte as they came and Loupe’s prompt and settings go in an .xmp file beside them. On: writing XMP inside the file
          invalidates the API’s credentials, so Loupe re-signs the file with its own certificate, keeping the API’s manifest inside as its source.
        </p>
      </div>

      <form onSubmit={load} noValidate>
        <fieldset className="subgroup">
          <legend>Sign with your organisation’s certificate</legend>
          <div className="segmented" role="radiogroup" aria-label="Certificate file type">
            <label className={`segment ${source === 'pem' ? 'is-on' : ''}`}>
              <input type="radio" name="cred-source" checked={source === 'pem'} onChange={() => setSource('pem')} />
              PEM (key and certificates as text)
            </label>
            <label className={`segment ${source === 'pkcs12' ? 'is-on' : ''}`}>
              <input type="radio" name="cred-source" checked={source === 'pkcs12'} onChange={() => setSource('pkcs12')} />
              PKCS#12 (.p12 or .pfx)
            </label>
          </div>
          {source === 'pem' ? (
            <>
              <Field id="cred-key" label="Private key (PEM)" note="The signing key, unencrypted PEM. It is kept in the system keychain, never in the library or a backup.">
                {(c) => <textarea {...c} rows={4} value={keyPem} onChange={(e) => setKeyPem(e.target.value)} spellCheck={false} placeholder="-----BEGIN PRIVATE KEY-----" />}
              </Field>
              <Field id="cred-certs" label="Certificates (PEM)" note="The signing certificate, then the certificates that issued it.">
                {(c) => <textarea {...c} rows={4} value={certPem} onChange={(e) => setCertPem(e.target.value)} spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" />}
              </Field>
              <input
                  id="cred-pem-files"
                  className="visually-hidden"
                  type="file"
                  accept=".pem,.crt,.cer,.key,.txt"
                  multiple
                  onChange={(e) => {
                    const files = [...(e.target.files ?? [])];
                    e.target.value = '';
                    void Promise.all(files.map((f) => f.text())).then((texts) => {
                      const all = texts.join('\n');
                      const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/.exec(all)?.[0];
                      if (key) setKeyPem(key);
                      setCertPem([...all.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => m[0]).join('\n'));
                    });
                  }}
                />
              <div className="button-row compact">
                <label htmlFor="cred-pem-files" className="btn small file-button">
                  Read PEM files…
                </label>
              </div>
            </>
          ) : (
            <>
              <input
                id="cred-p12-file"
                className="visually-hidden"
                type="file"
                accept=".p12,.pfx"
                onChange={(e) => void fileText(e).then((f) => f && setP12({ name: f.name, base64: f.base64 }))}
              />
              <div className="button-row compact">
                <label htmlFor="cred-p12-file" className="btn small file-button">
                  {p12 ? `Chosen: ${p12.name}` : 'Choose a .p12 or .pfx file…'}
                </label>
              </div>
              <Field id="cred-password" label="Password of the PKCS#12 file">
                {(c) => <input {...c} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />}
              </Field>
            </>
          )}
          <div className="button-row">
            <button type="submit" className="btn primary" disabled={action.busy || (source === 'pem' ? !keyPem || !certPem : !p12)}>
              Use this certificate
            </button>
            {signer?.kind === 'organisation' ? (
              <button type="button" className="btn" disabled={action.busy} onClick={() => void reset()}>
                Use Loupe’s own certificate
              </button>
            ) : null}
          </div>
        </fieldset>
      </form>
      <ActionStatus action={action} />
    </section>
  );
}
