import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { FIRST_ADMIN, foundSite } from '../../daemon/site.js'
import { hashPin } from '../../daemon/people/pin-hash.js'
import { OPERATIONS } from '../../protocol/index.js'

let dir: string | null = null
let node: OutpostNode | null = null
afterEach(async () => {
  await node?.close()
  node = null
  if (dir !== null) await rm(dir, { recursive: true, force: true })
  dir = null
})

async function open(): Promise<OutpostNode> {
  const made = await mkdtemp(join(tmpdir(), 'op-style-'))
  dir = made
  node = new OutpostNode({ storageDir: join(made, 'store'), site: null, logger: createLogger('silent') })
  await node.open()
  return node
}

const styleOf = async (n: OutpostNode) => (await n.status()).site.numberStyle
const lastOutcome = async (n: OutpostNode) => (await n.read.system.audit({ limit: 1 }))[0]

describe('the site number style in the fold', () => {
  it('site.create is v2: an older build, which reads v1, halts on it instead of folding a site without its style', () => {
    expect(OPERATIONS['site.create'].v).toBe(2)
    expect(OPERATIONS['site.setNumberStyle'].v).toBe(1)
  })

  it('founded with a style, the view has it; an admin changes it; a bad style is rejected and changes nothing', async () => {
    const n = await open()
    await foundSite(n, { name: 'Depot', adminSecret: 'TEST-0000', numberStyle: 'comma' })
    expect(await styleOf(n)).toBe('comma')
    await n.append(n.stamp([{ type: 'site.setNumberStyle', payload: { style: 'point' } }], FIRST_ADMIN))
    expect(await styleOf(n)).toBe('point')

    // written straight to the log, past the socket's checks: the fold refuses it on every node
    const [bad] = n.stamp([{ type: 'site.setNumberStyle', payload: { style: 'point' } }], FIRST_ADMIN)
    await n.append([{ ...bad!, payload: { style: 'english' } }])
    expect(await lastOutcome(n)).toMatchObject({ type: 'site.setNumberStyle', status: 'rejected' })
    expect(await styleOf(n)).toBe('point')
  })

  it('a picker may not change it, in the fold too', async () => {
    const n = await open()
    await foundSite(n, { name: 'Depot', adminSecret: 'TEST-0000', numberStyle: 'comma' })
    await n.append(
      n.stamp([{ type: 'people.add', payload: { id: 'ana', name: 'Ana', role: 'picker', pinHash: await hashPin('2222') } }], FIRST_ADMIN),
    )
    await n.append(n.stamp([{ type: 'site.setNumberStyle', payload: { style: 'point' } }], 'ana'))
    expect(await lastOutcome(n)).toMatchObject({ status: 'rejected', reason: 'a picker may not site.setNumberStyle' })
    expect(await styleOf(n)).toBe('comma')
  })

  it('founded without one (as before v2), the site has none and its record has no style key', async () => {
    const n = await open()
    await foundSite(n, { name: 'Depot', adminSecret: 'TEST-0000' })
    expect(await styleOf(n)).toBeNull()
    expect(Object.keys((await n.read.system.site())!)).not.toContain('numberStyle')
  })

  it('a v1 site.create that names a style anyway is folded as a v1 build folds it: no style', async () => {
    const n = await open()
    const [create, admin] = n.stamp(
      [
        {
          type: 'site.create',
          payload: { name: 'Depot', nodeName: 'n', swarmKey: n.swarmKeyPair.publicKey.toString('hex'), numberStyle: 'point' },
        },
        { type: 'people.add', payload: { id: FIRST_ADMIN, name: 'Administrator', role: 'admin', pinHash: await hashPin('TEST-0000') } },
      ],
      '@system',
    )
    await n.append([{ ...create!, v: 1 }, admin!])
    expect((await n.read.system.site())?.name).toBe('Depot')
    expect(await styleOf(n)).toBeNull()
    expect(Object.keys((await n.read.system.site())!)).not.toContain('numberStyle')
  })
})
