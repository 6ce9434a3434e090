/**
 * `loupe`: Loupe's third host, beside the desktop app (electron/main) and the web host
 * (electron/web-host). The same createCore on the same data folder, so a job made here is in
 * the app's History and a batch started here resumes in the app, and the other way round.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { batch, BATCH_HELP } from './batch';
import { CoreError, GLOBAL_HELP, UsageError, type Context } from './common';
import { edit, EDIT_HELP, generate, GENERATE_HELP } from './images';
import { EXIT, EXIT_HELP, exitFor, type ExitCode } from './exit-codes';
import { exportOutputs, EXPORT_HELP, history, HISTORY_HELP } from './library';
import { printer } from './output';
import { appDataDir, defaultOutputDir, openSession, type Session } from './session';

const HELP = `Usage: loupe <command> [options]

Loupe from the command line: the same library, History and output folders as the app.

Commands:
  generate          make images from a prompt
  edit              edit photos (with a mask, pixel-locked)
  batch             one edit over every photo of a folder; resumable
  history search    search History
  export            write outputs to a folder

Run "loupe <command> --help" for its options.

${GLOBAL_HELP}

The API key: OPENAI_API_KEY, or --api-key-stdin. It is never printed or stored. The app's own
key is sealed by the operating system's keychain for the app only.

One Loupe at a time per library: while the app is open on it, loupe stops with exit code 5
(close the app, or give --data-dir for another library).

${EXIT_HELP}`;

const COMMANDS: Record<string, { help: string; run: (ctx: Context, argv: string[]) => Promise<ExitCode> }> = {
  generate: { help: GENERATE_HELP, run: generate },
  edit: { help: EDIT_HELP, run: edit },
  batch: { help: BATCH_HELP, run: batch },
  history: { help: HISTORY_HELP, run: history },
  export: { help: EXPORT_HELP, run: exportOutputs },
};

/** Global options may come anywhere; these are read before the command parses the rest. */
function globalValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

async function readStdinKey(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const key = Buffer.concat(chunks).toString('utf8').trim();
  if (!key) throw new UsageError('--api-key-stdin: nothing came in on stdin.');
  return key;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const json = argv.includes('--json');
  const out = printer(json);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version') {
    const root = resolve(import.meta.dirname, '../..');
    process.stdout.write(`${(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    return EXIT.OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.warn(`unknown command "${name}". Run "loupe --help" for the list.`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n\n${GLOBAL_HELP}\n\n${EXIT_HELP}\n`);
    return EXIT.OK;
  }

  let session: Session | null = null;
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(EXIT.INTERRUPTED);
    interrupted = true;
    out.warn('stopping: requests in flight are abandoned, and whatever arrived is kept. Run the same command again to resume a batch.');
    // Closing the core marks running jobs interrupted and releases the data folder.
    void (session?.close() ?? Promise.resolve()).finally(() => process.exit(EXIT.INTERRUPTED));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const ctx: Context = {
    printer: out,
    open: async (tuning) => {
      const apiKey = rest.includes('--api-key-stdin') ? await readStdinKey() : null;
      const dataDir = resolve(globalValue(rest, 'data-dir') ?? appDataDir(env));
      const outputDir = resolve(globalValue(rest, 'output-dir') ?? defaultOutputDir(env));
      session = await openSession({ dataDir, outputDir, env, apiKey, tuning });
      return session;
    },
  };
  try {
    return await command.run(ctx, rest);
  } catch (err) {
    if (interrupted) return EXIT.INTERRUPTED;
    if (err instanceof UsageError) {
      out.warn(`${err.message}\nRun "loupe ${name} --help" for the options.`);
      if (json) out.result([], { error: { code: 'INVALID_ARGUMENTS', message: err.message } });
      return EXIT.USAGE;
    }
    if (err instanceof CoreError) {
      const hint = err.error.code === 'NO_API_KEY' ? ' From the command line: set OPENAI_API_KEY, or pipe the key in with --api-key-stdin.' : '';
      out.warn(`${err.error.code}: ${err.error.message}${hint}`);
      if (json) out.result([], { error: err.error });
      return exitFor(err.error.code, err.error.detail?.stage);
    }
    out.warn(`something went wrong inside Loupe: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.INTERNAL;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
