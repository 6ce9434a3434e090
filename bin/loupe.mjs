#!/usr/bin/env node
// `npx loupe …` in the repository: runs the TypeScript CLI through tsx (as `npm run web`
// does for the web host), so a fresh clone needs nothing but `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
