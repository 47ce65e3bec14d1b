import { resolveConfig } from '../../daemon/config.js'
import { OutpostError } from '../../protocol/index.js'
import { SocketClient } from '../../client/socket-client.js'
import type { GlobalOptions } from '../options.js'

/** Connect to the data dir's daemon, signed in as `person` (PIN from OUTPOST_PIN) if given. */
export async function connectToDaemon(globals: GlobalOptions, person?: string): Promise<SocketClient> {
  const config = resolveConfig({ dataDir: globals.dataDir, env: process.env })
  const client = await SocketClient.connect(config.socketPath)
  if (person !== undefined) {
    const pin = process.env.OUTPOST_PIN
    if (pin === undefined || pin === '') {
      client.close()
      throw new OutpostError('E_USAGE', '--as needs the PIN in the OUTPOST_PIN environment variable')
    }
    try {
      await client.call('session.signIn', { person, pin })
    } catch (err) {
      client.close()
      throw err
    }
  }
  return client
}

/** Run `use` with a connection to the data dir's daemon (signed in as `person` if given), then close it. */
export async function withDaemon<T>(
  globals: GlobalOptions,
  person: string | undefined,
  use: (client: SocketClient) => Promise<T>,
): Promise<T> {
  const client = await connectToDaemon(globals, person)
  try {
    return await use(client)
  } finally {
    client.close()
  }
}
