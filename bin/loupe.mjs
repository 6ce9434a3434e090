#!/usr/bin/env node
// `npx loupe …` in the repository: runs the TypeScript CLI through tsx (as `npm run web`
// does for the web host), so a fresh clone needs nothing but `npm ci`.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  console.error('loupe: tsx is missing; run `npm ci` in the repository first (the command line runs its TypeScript through tsx).');
  process.exit(1);
}
register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
