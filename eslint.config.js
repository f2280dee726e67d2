// Lint, and the architecture as rules: what each layer may import. `shared` is the bottom layer;
// `main/core` sits on it; the hosts sit on the core; the renderer sees only `shared`. Electron is
// imported only by the preload and the Electron host folder.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnly = {
  name: 'electron',
  message: 'Only src/preload/ and src/main/hosts/electron/ may import electron; keep the rest plain Node.',
};
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'http',
  'net',
  'crypto',
  'url',
  'stream',
];

/** no-restricted-imports for a layer: forbidden folders (as import-path globs) plus electron. */
function layer(files, forbidden, { allowElectron = false, extraPatterns = [] } = {}) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: allowElectron ? [] : [electronOnly],
          patterns: [
            ...forbidden.map(({ group, message }) => ({ group, message })),
            ...(allowElectron ? [] : [{ group: ['electron/*'], message: electronOnly.message }]),
            ...extraPatterns,
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'python-bridge/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: reactHooks.configs.recommended.rules,
  },

  // No import cycles in src/ (type-only imports do not count: they vanish at run time). Only our own
  // files are followed, not node_modules, which keeps the walk cheap.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },

  // Everything outside the two Electron folders: no electron.
  layer(['**/*.{ts,tsx,js}'], []),
  layer(['src/preload/**', 'src/main/hosts/electron/**'], [], { allowElectron: true }),

  // shared: importable everywhere, so it imports nothing of ours above it and no Node or DOM-only code.
  layer(
    ['src/shared/**'],
    [
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'src/shared is the bottom layer.',
      },
    ],
    {
      extraPatterns: [
        { group: nodeBuiltins, message: 'src/shared runs in the renderer too: no Node modules.' },
      ],
    },
  ),
  // core: plain Node, knows no host.
  layer(
    ['src/main/core/**'],
    [
      { group: ['**/hosts/**', '**/hosts'], message: 'The core must not know which host runs it.' },
      { group: ['**/renderer/**', '**/preload/**'], message: 'The core does not reach into the UI.' },
    ],
  ),
  // Hosts do not import each other (common/ is theirs to share).
  layer(
    ['src/main/hosts/headless/**'],
    [
      {
        group: ['**/electron/**', '../electron', '../electron/*'],
        message: 'The headless host must not import the Electron host.',
      },
    ],
  ),
  layer(
    ['src/main/hosts/electron/**'],
    [
      {
        group: ['**/headless/**', '../headless', '../headless/*'],
        message: 'The Electron host must not import the headless host.',
      },
    ],
    { allowElectron: true },
  ),
  // renderer: the contract and the browser, nothing else.
  layer(
    ['src/renderer/**'],
    [
      {
        group: ['**/main/**', '**/preload/**'],
        message: 'The renderer talks to the host only through the contract client.',
      },
    ],
    { extraPatterns: [{ group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node modules.' }] },
  ),
  // preload: sandboxed, so only electron and the contract.
  layer(
    ['src/preload/**'],
    [
      {
        group: ['**/main/**', '**/renderer/**'],
        message: 'The preload carries the contract and nothing else.',
      },
    ],
    {
      allowElectron: true,
      extraPatterns: [{ group: nodeBuiltins, message: 'A sandboxed preload cannot load Node modules.' }],
    },
  ),
);
