/**
 * The export dialog, the same in both hosts: where (the desktop's folder dialog; in the
 * browser a folder inside the output folders, or a zip download), format, long edge,
 * quality, naming template, metadata and zip. The answer lists where every file went.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { AppError, ExportChoice, ExportFormat, ExportRunResult } from '../../../../electron/shared';
import { call, toAppError } from '../../bridge/client';
import { useLibrary } from '../../bridge/library-store';
import { useSettings } from '../../bridge/settings-store';
import { ErrorAlert } from '../../ui/error-alert';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'original', label: 'Original (as stored)' },
  { value: 'png', label: 'PNG' },
  { value: 'jpeg', label: 'JPEG' },
  { value: 'webp', label: 'WebP' },
  { value: 'avif', label: 'AVIF' },
];

const STATUS: Record<ExportRunResult['files'][number]['status'], string> = {
  written: 'written',
  identical: 'already there, identical: not copied',
  zipped: 'in the zip',
};

interface Props {
  /** The outputs to export, or a function that finds them (a selection of jobs). */
  outputIds: () => Promise<number[]>;
  /** "3 jobs", "job #12": what is being exported. */
  what: string;
  onClose: (message: string | null) => void;
}

const joinPath = (root: string, sub: string): string => {
  const s = sub.trim().replace(/^[/\\]+|[/\\]+$/g, '');
  if (!s) return root;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  return `${root.replace(/[/\\]+$/, '')}${sep}${s}`;
};

export function ExportDialog({ outputIds, what, onClose }: Props) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const { settings, appInfo } = useSettings();
  const { projects } = useLibrary();
  const desktop = appInfo?.canChooseFolders ?? false;
  const roots = [settings?.outputDir, ...(projects ?? []).map((p) => p.outputDir)].filter((d, i, a): d is string => !!d && a.indexOf(d) === i);

  const [folder, setFolder] = useState<string>('');
  const [chosenRoot, setRoot] = useState<string>('');
  const root = chosenRoot || roots[0] || '';
  const [sub, setSub] = useState('');
  const [download, setDownload] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('original');
  const [longEdge, setLongEdge] = useState('');
  const [quality, setQuality] = useState('90');
  const [template, setTemplate] = useState('');
  const [xmp, setXmp] = useState(settings?.exportOptions.embedMetadata ?? true);
  const [gps, setGps] = useState(false);
  const [zip, setZip] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<ExportRunResult | null>(null);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const lossy = format === 'jpeg' || format === 'webp' || format === 'avif';
  const edge = longEdge.trim() === '' ? null : Number(longEdge);
  const edgeError = edge !== null && (!Number.isInteger(edge) || edge < 16 || edge > 16384) ? 'A whole number of pixels from 16 to 16384, or empty to keep the size.' : null;
  const q = Number(quality);
  const qualityError = lossy && (!Number.isInteger(q) || q < 1 || q > 100) ? 'A quality from 1 to 100.' : null;
  const dir = desktop ? folder : root ? joinPath(root, sub) : '';
  const destinationMissing = !download && !dir;

  const chooseFolder = async () => {
    try {
      const { path } = await call('chooseFolder', {});
      if (path) setFolder(path);
    } catch (err) {
      setError(toAppError(err));
    }
  };

  const run = async () => {
    if (edgeError || qualityError || destinationMissing) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const ids = await outputIds();
      if (ids.length === 0) {
        setResult({ files: [], failures: [], zip: null, message: 'Nothing to export: these jobs have no images.' });
        return;
      }
      const choice: ExportChoice = { format, longEdge: edge, quality: lossy ? q : 90, template, xmp, gps: xmp && gps, zip: zip || download };
      const r = await call('exportRun', { outputIds: ids, destination: download ? { kind: 'download' } : { kind: 'folder', dir }, choice });
      setResult(r);
      if (r.zip?.downloadUrl) {
        const a = document.createElement('a');
        a.href = r.zip.downloadUrl;
        a.download = r.zip.fileName;
        a.click();
      }
    } catch (err) {
      setError(toAppError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="confirm export-dialog" aria-labelledby={`${id}-title`} onClose={() => onClose(result?.message ?? null)}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <h2 id={`${id}-title`}>Export {what}</h2>

        <fieldset className="export-group">
          <legend>Destination</legend>
          {desktop ? (
            <div className="export-row">
              <span className="export-folder" aria-live="polite">
                {folder || 'No folder chosen yet'}
              </span>
              <button type="button" className="btn small" onClick={() => void chooseFolder()}>
                Choose folder…
              </button>
            </div>
          ) : (
            <>
              <label className="checkbox">
                <input type="radio" name={`${id}-dest`} checked={!download} onChange={() => setDownload(false)} />
                <span>A folder inside your output folders</span>
              </label>
              <div className="export-row">
                <label htmlFor={`${id}-root`} className="visually-hidden">
                  Output folder
                </label>
                <select id={`${id}-root`} value={root} disabled={download} onChange={(e) => setRoot(e.target.value)}>
                  {roots.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
                <label htmlFor={`${id}-sub`} className="visually-hidden">
                  Subfolder
                </label>
                <input id={`${id}-sub`} type="text" placeholder="subfolder (optional)" value={sub} disabled={download} onChange={(e) => setSub(e.target.value)} />
              </div>
              <label className="checkbox">
                <input type="radio" name={`${id}-dest`} checked={download} onChange={() => setDownload(true)} />
                <span>Download a zip</span>
              </label>
            </>
          )}
        </fieldset>

        <div className="export-grid">
          <label htmlFor={`${id}-format`}>Format</label>
          <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-edge`}>Long edge (px)</label>
          <input
            id={`${id}-edge`}
            type="number"
            inputMode="numeric"
            min={16}
            max={16384}
            placeholder="keep the size"
            value={longEdge}
            aria-invalid={edgeError ? true : undefined}
            aria-describedby={edgeError ? `${id}-edge-error` : undefined}
            onChange={(e) => setLongEdge(e.target.value)}
          />
          <label htmlFor={`${id}-quality`}>Quality</label>
          <input
            id={`${id}-quality`}
            type="number"
            min={1}
            max={100}
            value={lossy ? quality : ''}
            placeholder={lossy ? '' : 'lossless'}
            disabled={!lossy}
            aria-invalid={qualityError ? true : undefined}
            onChange={(e) => setQuality(e.target.value)}
          />
          <label htmlFor={`${id}-template`}>File names</label>
          <input id={`${id}-template`} type="text" placeholder="each job's own template" value={template} onChange={(e) => setTemplate(e.target.value)} />
        </div>
        {edgeError ? (
          <p id={`${id}-edge-error`} className="field-error">
            {edgeError}
          </p>
        ) : null}
        {qualityError ? <p className="field-error">{qualityError}</p> : null}

        <fieldset className="export-group">
          <legend>Metadata and packing</legend>
          <label className="checkbox">
            <input type="checkbox" checked={xmp} onChange={(e) => setXmp(e.target.checked)} />
            <span>Embed the prompt and settings (XMP)</span>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={xmp && gps} disabled={!xmp} onChange={(e) => setGps(e.target.checked)} />
            <span>Keep a source photo's GPS position (removed unless ticked)</span>
          </label>
          {!download ? (
            <label className="checkbox">
              <input type="checkbox" checked={zip} onChange={(e) => setZip(e.target.checked)} />
              <span>Put everything in one zip</span>
            </label>
          ) : null}
        </fieldset>

        {error ? <ErrorAlert error={error} offerSettings={false} /> : null}
        {result ? (
          <div className="export-result" role="status">
            <p className="export-message">{result.message}</p>
            {result.zip?.path ? <p className="export-where">{result.zip.path}</p> : null}
            {result.files.length > 0 ? (
              <ul className="export-files" aria-label="Exported files">
                {result.files.map((f) => (
                  <li key={`${f.outputId}:${f.path}`}>
                    <span className="export-path">{f.path}</span> <span className="muted">— {STATUS[f.status]}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {result.failures.length > 0 ? (
              <ul className="export-failures" aria-label="Not exported">
                {result.failures.map((f) => (
                  <li key={f.outputId}>{f.message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}

        <div className="confirm-actions">
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            {result ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="btn primary" disabled={busy || destinationMissing || !!edgeError || !!qualityError}>
            {busy ? 'Exporting…' : `Export${result ? ' again' : ''}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
