import { useEffect, useState } from 'react'
import type { ConnectionState, SocketClient } from '../../client/socket-client.js'

/**
 * Whether the daemon's socket is up, as the client reports it: down (why, since when, how many
 * tries) while it reconnects, then up with a new generation, which is what hooks set up again on
 * (subscriptions, a screen's registration; a sign-in, in app.tsx).
 */
export function useConnection(client: SocketClient): ConnectionState {
  const [state, setState] = useState<ConnectionState>(() => client.connection)
  useEffect(() => {
    setState(client.connection)
    client.on('state', setState)
    return () => {
      client.off('state', setState)
    }
  }, [client])
  return state
}
