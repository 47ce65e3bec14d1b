import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // multi-process tests start real daemons: keep parallelism within the two cores
    maxWorkers: 2,
  },
})
