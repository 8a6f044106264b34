import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser-backed tests launch real Chromium (SwiftShader): give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
