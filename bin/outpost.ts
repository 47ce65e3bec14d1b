#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 --v8-pool-size=1
// The shebang's flags: the daemon lives for months beside other programs on a Raspberry Pi, and a
// 1 MB young generation (V8's default is 16 MB) keeps ~8 MB less resident for a little more GC;
// one V8 worker thread leaves the cores to the threads a write waits on (daemon/config.ts).
// They cannot be set from inside a running process, so spawners pass DAEMON_NODE_FLAGS too.
// MALLOC_ARENA_MAX=2: glibc's malloc arenas, the same way (see DAEMON_ENV in daemon/memory.ts).
import { fileURLToPath } from 'node:url'
import { startCompileCache } from './compile-cache.js'

// First, so that the program imported below is compiled from the cache (Node 22.1 and later).
// This file imports nothing else statically: what it imported would load before the cache is on.
startCompileCache()

// a daemon this process starts (the TUI's, a service unit's) runs this same file
const { setSelfScript } = await import('../daemon/self-command.js')
setSelfScript(fileURLToPath(import.meta.url))

// the program itself: flags, commands (bin/cli.ts)
await import('./cli.js')
