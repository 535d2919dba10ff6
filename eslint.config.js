// Flat config. Besides typescript-eslint's recommended rules, this file holds the layer
// boundaries from STYLE.md, so a forbidden import fails `npm run lint` instead of a review.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const uiLibraries = ['react', 'react-dom', 'zustand', 'recharts'];

/** Node-only modules (node:fs): the worker and page bundles cannot load them. */
const nodeOnly = {
  group: ['node:*', '**/data/mnistFile', '**/manager/node', '**/lossLog/fileSink', '**/checkpoint/fileStore', '**/engine/wasm/node'],
  message: 'Node-only module: the browser bundle cannot load it.',
};

/** `no-restricted-imports` options forbidding each package and its subpaths (react/jsx-runtime). */
function forbidPackages(packages, why) {
  return {
    paths: packages.map((name) => ({ name, message: why })),
    patterns: [{ group: packages.map((name) => `${name}/*`), message: why }],
  };
}

export default defineConfig([
  // pthreadWorker.js is tfjs-backend-wasm's own script, copied unchanged (a test holds it equal).
  globalIgnores(['dist/', 'node_modules/', 'test-output/', 'src/engine/wasm/pthreadWorker.js']),
  { files: ['**/*.{ts,tsx}'] },
  tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a deliberately unused binding, e.g. dropping a key with
      // `const { type: _type, ...rest } = config`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // The loss library and manager are pure tfjs: they run in a worker and in Node.
    files: ['src/losses/**', 'src/manager/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        forbidPackages(uiLibraries, 'losses/manager use tfjs only: no React, zustand or recharts.'),
      ],
      'no-restricted-globals': [
        'error',
        { name: 'document', message: 'losses/manager must run without a DOM (workers, Node).' },
        { name: 'window', message: 'losses/manager must run without a DOM (workers, Node).' },
      ],
    },
  },
  {
    // The page never holds a tensor; tensors cross the worker boundary as typed arrays.
    files: ['src/ui/**', 'src/state/**', 'src/app/**', 'src/client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'The page side never imports tfjs; talk to the worker.' },
            nodeOnly,
          ],
        },
      ],
    },
  },
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        forbidPackages(uiLibraries, 'the engine runs headless: no React, zustand or recharts.'),
      ],
    },
  },
  {
    files: ['src/worker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        (() => {
          const base = forbidPackages(uiLibraries, 'the worker runs headless: no React, zustand or recharts.');
          return { ...base, patterns: [...base.patterns, nodeOnly] };
        })(),
      ],
    },
  },
]);
