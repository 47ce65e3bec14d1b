import { useEffect, useState } from 'react'
import { roleAllows, type PairingRequestRecord, type PersonRecord } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'

/** Join requests waiting for consent: pushed as they come and go; fetched when a manager signs in. */
export function useMeshRequests(client: SocketClient, person: PersonRecord | null): PairingRequestRecord[] {
  const [requests, setRequests] = useState<PairingRequestRecord[]>([])
  useEffect(() => {
    const offRequested = client.onEvent('mesh.pairRequested', (r) => setRequests((list) => [...list.filter((x) => x.id !== r.id), r]))
    const offSettled = client.onEvent('mesh.pairSettled', ({ id }) => setRequests((list) => list.filter((x) => x.id !== id)))
    return () => {
      offRequested()
      offSettled()
    }
  }, [client])
  useEffect(() => {
    if (person === null || !roleAllows(person.role, ['manager'])) return
    client.call('mesh.pairRequests').then(setRequests, () => undefined) // networking may be off: then there are none
  }, [client, person])
  return requests
}
