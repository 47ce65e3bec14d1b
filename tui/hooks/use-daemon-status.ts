import { useEffect, useState } from 'react'
import type { Status } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'

/** The daemon's status, pushed on every view change: the TUI never polls. */
export function useDaemonStatus(client: SocketClient, onError: (err: Error) => void): Status | null {
  const [status, setStatus] = useState<Status | null>(null)
  useEffect(() => {
    const off = client.onEvent('view.changed', (event) => setStatus(event.status))
    Promise.all([client.call('view.subscribe'), client.call('system.status')])
      .then(([, first]) => setStatus((current) => current ?? first))
      .catch(onError)
    return off
  }, [client, onError])
  return status
}
