import { defineConfig } from 'vitest/config'

const inProcess = ['test/unit/**', 'test/tui/**', 'test/printers/**', 'test/property/**'].map((dir) => `${dir}/*.test.{ts,tsx}`)

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // multi-process tests start real daemons: keep parallelism within the two cores
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: inProcess,
          // Loading the daemon's and the TUI's modules afresh for each file cost ~1 s a file,
          // 180 s of CI's CPU in all: these files share a worker's modules instead. Each one
          // restores what it changes (env, fake timers) in its own hooks.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: inProcess,
        },
      },
    ],
  },
})
