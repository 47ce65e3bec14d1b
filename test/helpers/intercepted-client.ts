import type { SocketClient } from '../../client/socket-client.js'

type Call = (method: string, params?: Record<string, unknown>) => Promise<unknown>

/**
 * The client with its calls passed through `intercept` first, which may answer, throw, wait or
 * call on (`call`): a TUI test plays back what a daemon would say in a case one daemon cannot
 * make (a fire that answers late, a bump rejected when two nodes met). Everything else is the
 * client's own, bound to it.
 */
export function interceptedClient(
  client: SocketClient,
  intercept: (method: string, params: Record<string, unknown> | undefined, call: Call) => Promise<unknown>,
): SocketClient {
  const call = (client.call as Call).bind(client)
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'call') return (method: string, params?: Record<string, unknown>) => intercept(method, params, call)
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}
