import { z } from 'zod'
import { METHODS, METHOD_NAMES, OutpostError } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

export async function rpcCommand(
  globals: GlobalOptions,
  method: string | undefined,
  json: string | undefined,
  opts: { list?: boolean; as?: string },
): Promise<number> {
  if (opts.list === true) {
    const list = METHOD_NAMES.map((name) => ({
      method: name,
      access: METHODS[name].access,
      summary: METHODS[name].summary,
      params: z.toJSONSchema(METHODS[name].params, { io: 'input' }),
    }))
    process.stdout.write(JSON.stringify(list, null, 2) + '\n')
    return 0
  }
  if (method === undefined) throw new OutpostError('E_USAGE', 'name a method (outpost rpc --list shows them)')
  let params: unknown = {}
  if (json !== undefined) {
    try {
      params = JSON.parse(json)
    } catch {
      throw new OutpostError('E_USAGE', `parameters are not valid JSON: ${json.slice(0, 60)}`)
    }
  }
  return withDaemon(globals, opts.as, async (client) => {
    const result = await client.callRaw(method, params)
    process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    return 0
  })
}
