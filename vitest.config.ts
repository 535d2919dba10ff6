import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs in Node on tfjs's cpu backend; `e2e` drives the built app in
// Debian's Chromium (see test/e2e). They are separate so `npm test` can build once before e2e.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          setupFiles: ['test/setup/cpuBackend.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
