import { describe, expect, it } from 'vitest'
import { daemonLine } from '../../bin/commands/pair.js'

/** What `pair join` tells a person to run next (bin/commands/pair.ts). */
describe('the line pair join ends with', () => {
  it('names the data dir and the network flags the join had, quoting what a shell would split', () => {
    expect(daemonLine('/srv/outpost b', { host: '127.0.0.1', port: 49800, bootstrap: ['10.0.0.2:49737', '10.0.0.2:49737'] })).toBe(
      "outpost --data-dir '/srv/outpost b' daemon --host 127.0.0.1 --port 49800 --bootstrap 10.0.0.2:49737",
    )
  })

  it('does not pass on --port 0: a node on any port is at a new address after each start, where its peers do not look', () => {
    expect(daemonLine('/srv/b', { host: '127.0.0.1', port: 0 })).toBe('outpost --data-dir /srv/b daemon --host 127.0.0.1')
  })
})
