import { useEffect, useState } from 'react'
import type { Status } from '../../protocol/index.js'
import type { ConnectionState, SocketClient } from '../../client/socket-client.js'

/**
 * The daemon's status, pushed on every view change: the TUI never polls. A subscription lives on
 * one connection: each new one (the daemon restarted) subscribes again and reads the status afresh.
 */
export function useDaemonStatus(client: SocketClient, connection: ConnectionState, onError: (err: Error) => void): Status | null {
  const [status, setStatus] = useState<Status | null>(null)
  const { up, generation } = connection
  useEffect(() => {
    if (!up) return
    // a push that comes before the status read is the newer of the two
    let pushed = false
    const off = client.onEvent('view.changed', (event) => {
      pushed = true
      setStatus(event.status)
    })
    Promise.all([client.call('view.subscribe'), client.call('system.status')])
      .then(([, first]) => {
        if (!pushed) setStatus(first)
      })
      .catch((err: Error) => {
        // dropped again meanwhile: the connection's own line says so, and the next one tries again
        if (client.connection.up) onError(err)
      })
    return off
  }, [client, onError, up, generation])
  return status
}
