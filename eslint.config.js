import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'build/**', 'dist/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the one safe opener may open external URLs.
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='openExternal']", message: 'Open external URLs only through electron/main/security.ts.' }],
    },
  },
  {
    files: ['electron/main/security.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The core and the contract are plain Node: no Electron, so they run in tests and the web host.
    files: ['electron/core/**/*.ts', 'electron/shared/**/*.ts', 'electron/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'electron/core, shared and web-host must not import electron.' }] }],
    },
  },
  {
    // Three hosts, one core: what two hosts need lives in core/ or shared/, never in a host.
    files: ['electron/core/**/*.ts', 'electron/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'electron/core and web-host must not import electron.' }],
          patterns: [
            { regex: '(^|/)main(/|$)', message: 'A host never imports another host: move what both need to electron/core/host or electron/shared.' },
            { regex: '(^|/)(web-host|cli|preload)(/|$)', message: 'A host never imports another host, and the core imports no host.' },
          ],
        },
      ],
    },
  },
  {
    // The web host may import itself, of course.
    files: ['electron/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'electron/web-host must not import electron.' }],
          patterns: [{ regex: '(^|/)(main|cli|preload)(/|$)', message: 'A host never imports another host: move what both need to electron/core/host or electron/shared.' }],
        },
      ],
    },
  },
  {
    // The contract is shared with the sandboxed renderer: no Node built-ins either.
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'electron', '../core/*', '../main/*', '../web-host/*'], message: 'electron/shared imports nothing but zod.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches main only through window.loupe.' }],
          patterns: [{ group: ['**/electron/core/**', '**/electron/main/**', '**/electron/web-host/**', '**/electron/preload/**', 'node:*'], message: 'The renderer may import only electron/shared.' }],
        },
      ],
    },
  },
);
