import { useEffect, useState } from 'react'
import type { KitchenScreenConfig } from '../state/kitchen-screen.js'
import { useAppState, useClient } from '../state/contexts.js'

/** How often a KDS screen says it is up; the site shows it down after 30 s without (SCREEN_DOWN_AFTER_MS). */
export const HEARTBEAT_MS = 10_000

/**
 * Register this KDS screen with the site (its stations, ageing thresholds, printer) and beat while
 * it runs, so a manager sees which screens are up. Returns the one-line trouble, if any: a board
 * that cannot register still shows its tickets. The beat is kept by the daemon in memory: after a
 * restart (a new connection) the screen registers and beats again; while down it does neither.
 */
export function useKitchenScreen(config: KitchenScreenConfig | null): string | null {
  const client = useClient()
  const { up, generation } = useAppState().connection
  const [trouble, setTrouble] = useState<string | null>(null)
  useEffect(() => {
    if (config === null || !up) return
    let stopped = false
    const say = (err: Error) => !stopped && setTrouble(`this screen is not registered: ${err.message}`)
    const beat = () =>
      client.call('stations.heartbeat', { screen: config.screen }).then(
        () => !stopped && setTrouble(null),
        (err: Error) => say(err),
      )
    client
      .call('stations.register', {
        screen: config.screen,
        name: config.name,
        stations: [...config.stations],
        ageing: { ...config.ageing },
        printer: config.printer,
      })
      .then(beat, (err: Error) => say(err))
    const timer = setInterval(() => void beat(), HEARTBEAT_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [client, config, up, generation])
  return trouble
}
