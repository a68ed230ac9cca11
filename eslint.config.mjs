// Lint rules. The ones that matter most keep the architecture (ARCHITECTURE.md) true:
// - src/core/ never imports vscode, so the server core stays plain Node.js, testable without an
//   editor and shippable as the `ferrox` CLI;
// - each folder of src/core/ is a subsystem with one door, its index.ts, and imports only the
//   folders ALLOWED lists for it (transport and pipeline never import each other);
// - no import cycles, between files or folders (eslint-plugin-import-x's no-cycle: the one check
//   here that needs the whole import graph, which no built-in rule sees).
import js from '@eslint/js';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Which folders of src/core/ each folder may import (through their doors). This is the
 * dependency graph ARCHITECTURE.md draws; change both together.
 */
const ALLOWED = {
  browser: [],
  markdown: ['files', 'http'],
  certs: ['http'],
  http: [],
  files: ['http'],
  watch: ['files'],
  proxy: ['http', 'share'],
  share: ['certs', 'http', 'live'],
  live: ['files', 'http'],
  config: ['live', 'proxy', 'watch'],
  transport: ['certs', 'config', 'http', 'share'],
  report: ['certs', 'files', 'http', 'live', 'reach', 'transport'],
  pipeline: ['config', 'files', 'hosting', 'http', 'live', 'markdown', 'proxy', 'share'],
  backend: ['http'],
  agents: ['http', 'live', 'report'],
  hosting: [],
  reach: [],
  server: [
    'agents',
    'backend',
    'config',
    'files',
    'hosting',
    'http',
    'live',
    'markdown',
    'pipeline',
    'proxy',
    'report',
    'share',
    'transport',
    'watch',
  ],
};

const NO_VSCODE = {
  name: 'vscode',
  message: 'src/core/ is plain Node.js: reach the editor through an injected interface.',
};

/**
 * A folder's own rules: the doors it may use, and the folders it must not know. A folder may
 * group its files in subfolders by role (pipeline/steps/): the rules hold at each depth.
 */
function folderRules([folder, allowed]) {
  const forbidden = Object.keys(ALLOWED).filter((f) => f !== folder && !allowed.includes(f));
  return [1, 2].map((depth) => {
    const up = '\\.\\./'.repeat(depth);
    const own = depth === 1 ? '\\.' : '\\.\\.';
    const patterns = [
      {
        regex: `^${up}[^/]+/.`,
        message: `Import another folder of src/core/ through its index.ts ('../<folder>'), never its inner files.`,
      },
      {
        regex: `^${up.slice(0, -1)}(/index)?$`,
        message:
          "Folders of src/core/ do not import the core's own door (src/core/index.ts); import the folder you need.",
      },
      {
        regex: `^${own}(/index)?$`,
        message: `Inside ${folder}/, import the file you need, not the folder's own index.ts (that is a cycle).`,
      },
    ];
    if (forbidden.length > 0) {
      patterns.push({
        regex: `^${up}(${forbidden.join('|')})$`,
        message: `${folder}/ may import only ${allowed.join(', ') || 'no other folder'} (ALLOWED in eslint.config.mjs, drawn in ARCHITECTURE.md).`,
      });
    }
    return {
      files: [depth === 1 ? `src/core/${folder}/*.ts` : `src/core/${folder}/*/*.ts`],
      rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns }] },
    };
  });
}

export default tseslint.config(
  // Every source file is linted: the TypeScript, the Node scripts (bench/, scripts/, the build and
  // this file) and the browser client in src/client/. Only generated and installed files are not.
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/node_modules/**', 'test-artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Scripts that drive Chromium: their page.evaluate callbacks run in the page.
    files: ['scripts/uiTest.mjs', 'scripts/detailsPageTest.mjs', 'bench/pageWatch.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The browser client runs in pages: from the core it may import only the protocol it speaks
    // (types and constants, no Node), which keeps both sides checked by the compiler.
    files: ['src/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!live/protocol$)',
              message: 'The browser client imports from the core only core/live/protocol.',
            },
            { regex: '^node:', message: 'The browser client runs in pages: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE] }],
      '@typescript-eslint/no-require-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
          message: 'src/core/ must not load vscode.',
        },
      ],
    },
  },
  ...Object.entries(ALLOWED).flatMap(folderRules),
  {
    // The extension loads the core lazily (coreLoader.ts): a value imported from it would put the
    // core into the activation bundle. Types cost nothing.
    files: ['src/extension/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core$',
              allowTypeImports: true,
              message: 'The extension reaches the core through loadCore() (coreLoader.ts); import only types from it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '(^|/)core/.', message: 'Outside the core, import only its door: src/core/index.ts.' }],
        },
      ],
    },
  },
);
