import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { csvCell } from '../../protocol/index.js'
import { runCli } from '../helpers/cli.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'

let daemon: DaemonProcess
let client: SocketClient
let dir: string
let remove: () => Promise<void>
const drop = () => join(dir, 'drop')

beforeAll(async () => {
  ;({ dir, remove } = await tempDataDir())
  await writeFile(join(dir, 'config.json'), JSON.stringify({ dropFolder: { path: 'drop', person: 'admin', pollMs: 150 } }))
  daemon = await startDaemonProcess(dir, { args: ['--no-network'] })
  client = await signedIn(daemon, 'admin', daemon.adminSecret!)
})
afterAll(async () => {
  client.close()
  await daemon.stop()
  await remove()
})

const cli = (args: string[]) => runCli(['--data-dir', dir, ...args, '--as', 'admin'], { OUTPOST_PIN: daemon.adminSecret! })
const name = async (code: string) => {
  const found = await client.call('scan.resolve', { code })
  return found.kind === 'product' ? found.product.name : found.kind
}

// an ERP export: ";" between fields, a BOM, Turkish text, barcodes separated by |
const PRODUCTS = [
  '\uFEFFSKU;Name;Unit;Barcodes;Quality;Color',
  'POP-1;Poplin lacivert;MT;8690000000011|8690000000012;A;lacivert',
  'POP-2;Poplin beyaz;m;8690000000028;A;beyaz',
  'BAD-UNIT;Saten;yards;;B;kırmızı',
  'POP-1;Poplin again;m;;A;lacivert',
  ';No SKU;m;;A;x',
  'SAT-1;Saten;m;8690000000011;B;kırmızı',
  'SHORT;only three;m',
  'KET-1;Keten doğal;kg;;A;doğal',
].join('\n')

describe('CSV import', () => {
  it('a file with bad rows: the good rows land, each bad one is named with its line and reason', async () => {
    const file = join(dir, 'products.csv')
    await writeFile(file, PRODUCTS)
    const run = await cli(['import', 'products', file])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe(`${file}: 3 added, 0 updated, 5 refused\n`)
    expect(run.stderr.trim().split('\n')).toEqual([
      `${file}:4: unit "yards" is not m, kg or pcs`,
      `${file}:5: POP-1 is on line 2 already`,
      expect.stringMatching(new RegExp(`^${file}:6: sku: a SKU is`)),
      `${file}:7: code 8690000000011 is also the product POP-1 in this file`,
      expect.stringMatching(new RegExp(`^${file}:8: wrong number of fields`)),
    ])
    expect(await name('8690000000012')).toBe('Poplin lacivert')
    expect(await name('KET-1')).toBe('Keten doğal')
    expect(await name('SAT-1')).toBe('unknown')
  })

  it('a re-imported file updates its records and never duplicates them; rows that clash with the site are refused by the fold', async () => {
    const file = join(dir, 'products-again.csv')
    await writeFile(
      file,
      [
        'sku,name,unit,barcodes,quality',
        'POP-1,Poplin lacivert 2. kalite,m,8690000000011,B',
        'NEW-1,Saten yeni,m,8690000000028,A',
        'KET-1,Keten doğal,m,,A',
        'NEW-2,Saten mavi,m,,B',
      ].join('\n'),
    )
    const run = await cli(['import', 'products', file, '--json'])
    expect(run.code, run.stderr).toBe(1)
    expect(JSON.parse(run.stdout)).toMatchObject({
      added: 1,
      updated: 1,
      bad: [
        { line: 3, reason: 'code 8690000000028 is already the product POP-2' },
        { line: 4, reason: 'its unit is kg; a unit never changes under stock' },
      ],
    })
    expect(await name('NEW-2')).toBe('Saten mavi')
    expect(await name('NEW-1')).toBe('unknown')
    expect(await name('8690000000028')).toBe('Poplin beyaz')
    expect(await name('POP-1')).toBe('Poplin lacivert 2. kalite')
    // the barcode POP-1 dropped no longer names it; the one it kept still does
    expect(await name('8690000000012')).toBe('unknown')
    expect(await name('8690000000011')).toBe('Poplin lacivert 2. kalite')
    const ops = await client.call('audit.list', { type: 'catalog.import' })
    expect(ops).toHaveLength(2) // one operation per import of up to 1000 rows, not one per row
    expect(ops.map((op) => op.status)).toEqual(['applied', 'applied']) // a bad row is skipped, not the operation refused
  })

  it('locations and partners; a file that cannot be read, an unknown kind', async () => {
    const locations = join(dir, 'locations.csv')
    await writeFile(locations, 'code,barcode,rack,bin\nA-01-1,LOC-A011,A,01-1\nA 01 2,,A,01-2\n')
    const run = await cli(['import', 'locations', locations])
    expect(run.stdout).toContain('1 added')
    expect(run.stderr).toMatch(/locations.csv:3: code: a location code is/)
    const partners = join(dir, 'partners.csv')
    await writeFile(partners, 'code,name,kind\nSUP-1,Öztürk Tekstil,Supplier\nX,Nobody,neighbour\n')
    expect((await cli(['import', 'partners', partners])).stderr).toMatch(/partners.csv:3: kind: /)
    const missing = await cli(['import', 'products', join(dir, 'nope.csv')])
    expect([missing.code, missing.stderr.trim().split('\n').length]).toEqual([2, 1])
    expect((await cli(['import', 'widgets', partners])).stderr).toMatch(/import what\? products, locations, partners/)
    const noHeader = join(dir, 'products-noheader.csv')
    await writeFile(noHeader, 'a,b\n1,2\n')
    expect((await cli(['import', 'products', noHeader])).stderr).toMatch(/:1: the header lacks sku, name, unit/)
  })

  it('catalog.import called with malformed params: one clear line each, and nothing appended', async () => {
    const before = (await client.call('audit.list', { type: 'catalog.import' })).length
    const product = { sku: 'MAL-1', name: 'Malformed', unit: 'm', barcodes: [], attributes: {} }
    const calls: Array<[unknown, RegExp]> = [
      [{ kind: 'widgets', rows: [] }, /kind/],
      [{ kind: 'products' }, /rows/],
      [{ kind: 'products', rows: 'all of them' }, /rows/],
      [{ kind: 'products', rows: [{ line: 0, record: product }] }, /rows\.0\.line/],
      [{ kind: 'products', source: '', rows: [{ line: 2, record: product }] }, /source/],
      [{ kind: 'products', source: 'x'.repeat(201), rows: [{ line: 2, record: product }] }, /source/],
      [{ kind: 'products', rows: Array.from({ length: 1001 }, (_, i) => ({ line: i + 2, record: product })) }, /rows/],
      [{ kind: 'products', rows: [], extra: true }, /extra/],
    ]
    for (const [params, why] of calls) {
      const call = client.call('catalog.import', params as never)
      await expect(call).rejects.toThrow(why)
      await call.catch((err: Error) => expect(err.message).not.toContain('\n'))
    }
    // a row that is not a product at all is a bad row of the file, not a failed call
    const odd = await client.call('catalog.import', { kind: 'products', rows: [{ line: 7, record: 'POP-1;Poplin' }] })
    expect(odd).toMatchObject({ added: 0, updated: 0, bad: [{ line: 7 }] })
    expect(await client.call('audit.list', { type: 'catalog.import' })).toHaveLength(before)
  })

  it('the drop folder: a file appears, its rows land, it moves to done/ with a report; a bad one to failed/', async () => {
    await mkdir(drop(), { recursive: true })
    await writeFile(join(drop(), 'products-erp.csv'), 'sku,name,unit\nDROP-1,Dropped in,pcs\nDROP-2,,pcs\n')
    await writeFile(join(drop(), 'whatever.csv'), 'sku,name,unit\nX,Y,m\n')
    await writeFile(join(drop(), 'products-tr.csv'), encode1254('sku,name,unit\nTR-9,Kumaş,m\n'))
    const done = join(drop(), 'done', 'products-erp.csv')
    const failed = join(drop(), 'failed', 'whatever.csv')
    const notUtf8 = join(drop(), 'failed', 'products-tr.csv')
    const reports = () => [done, failed, notUtf8].filter((path) => !existsSync(path + '.report.txt'))
    await eventually(reports, 'the three reports', { ok: (missing) => missing.length === 0, timeoutMs: 15_000 })
    expect(existsSync(join(drop(), 'products-erp.csv'))).toBe(false)
    expect(readFileSync(done + '.report.txt', 'utf8')).toMatch(
      /^products-erp.csv: 1 added, 0 updated, 1 refused\nproducts-erp.csv:3: name: /,
    )
    expect(readFileSync(failed + '.report.txt', 'utf8')).toMatch(/the name must start with products, locations, partners/)
    expect(readFileSync(notUtf8 + '.report.txt', 'utf8')).toBe(
      'products-tr.csv: 0 added, 0 updated, 1 refused\nproducts-tr.csv:2: byte 23 (0xFE) is not utf-8; nothing was imported (set dropFolder.encoding in config.json)\n',
    )
    expect(await name('DROP-1')).toBe('Dropped in')
  })

  it('1,500 products of 10 barcodes and 20 attributes (1.5 KB a row, 2.3 MB in all) land whole, in requests under the frame limit', async () => {
    const file = join(dir, 'products-wide.csv')
    const attributes = Array.from({ length: 20 }, (_, a) => `attr${a + 1}`)
    const csv = [['sku', 'name', 'unit', 'barcodes', ...attributes].join(';')]
    for (let i = 0; i < 1500; i++) {
      const barcodes = Array.from({ length: 10 }, (_, b) => `868${String(i * 10 + b).padStart(10, '0')}`).join('|')
      const values = attributes.map((a) => `${a} değeri ${i} ${'ş'.repeat(20)}`.slice(0, 40))
      csv.push([`WIDE-${i}`, `Poplin geniş en ${i} ${'ğ'.repeat(40)}`, 'm', barcodes, ...values].join(';'))
    }
    await writeFile(file, csv.join('\r\n'))
    const run = await cli(['import', 'products', file])
    expect([run.code, run.stdout, run.stderr]).toEqual([0, `${file}: 1500 added, 0 updated, 0 refused\n`, ''])
    expect(await name('8680000014999')).toMatch(/^Poplin geniş en 1499 ğ/)
  }, 180_000)

  it('a quote left open mid-file: that line is reported alone, and the rows after it land', async () => {
    const file = join(dir, 'products-quote.csv')
    const lines = [
      'sku;name;unit;color',
      'Q-1;"Poplin; lacivert";m;A',
      'Q-2;"Saten beyaz;m;A',
      'Q-3;Keten;m;"doğal"',
      'Q-4;"Kadife ""bordo""";m;B',
    ]
    for (let i = 5; i <= 40; i++) lines.push(`Q-${i};"Ürün ${i}";m;x`)
    await writeFile(file, lines.join('\n'))
    const run = await cli(['import', 'products', file])
    expect(run.stdout).toBe(`${file}: 39 added, 0 updated, 1 refused\n`)
    expect(run.stderr).toBe(`${file}:3: a quote opens field 2 and is not closed on this line (a field never spans lines)\n`)
    expect(await name('Q-3')).toBe('Keten')
    expect(await name('Q-4')).toBe('Kadife "bordo"')
    expect(await name('Q-40')).toBe('Ürün 40')
    expect(await name('Q-2')).toBe('unknown')
  })

  it('a Windows-1254 file: refused whole with its line and byte without --encoding, read right with it', async () => {
    const file = join(dir, 'products-1254.csv')
    const utf8 = 'sku;name;unit\r\nTR-1;Poplin;m\r\nTR-2;Kumaş ğ ı İ Ş Ğ;m\r\n'
    // the same text as a Turkish Windows ERP writes it: one byte a letter
    await writeFile(file, encode1254(utf8))
    const refused = await cli(['import', 'products', file])
    expect([refused.code, refused.stdout]).toEqual([1, ''])
    expect(refused.stderr).toBe(
      `outpost: ${file}:3: byte 39 (0xFE) is not utf-8; nothing was imported (a Windows export? --encoding windows-1254 reads Turkish, latin1 Western European) (E_CSV_ENCODING)\n`,
    )
    expect(await name('TR-1')).toBe('unknown') // refused up front: not even the good first row
    const read = await cli(['import', 'products', file, '--encoding', 'windows-1254'])
    expect([read.code, read.stdout, read.stderr]).toEqual([0, `${file}: 2 added, 0 updated, 0 refused\n`, ''])
    expect(await name('TR-2')).toBe('Kumaş ğ ı İ Ş Ğ')
    const unknown = await cli(['import', 'products', file, '--encoding', 'klingon'])
    expect([unknown.code, unknown.stderr]).toEqual([2, 'outpost: unknown encoding klingon (try utf-8, windows-1254, latin1) (E_USAGE)\n'])
  })

  it('a formula-leading cell is stored as typed, and an export neutralises it', async () => {
    const file = join(dir, 'products-formula.csv')
    await writeFile(file, 'sku,name,unit,note\nF-1,"=HYPERLINK(""http://x.example/?"",""Poplin"")",m,@SUM(A1)\nF-2,-Poplin,m,+1\n')
    expect((await cli(['import', 'products', file])).code).toBe(0)
    const found = await client.call('scan.resolve', { code: 'F-1' })
    if (found.kind !== 'product') throw new Error(`F-1 is ${found.kind}`)
    expect(found.product).toMatchObject({ name: '=HYPERLINK("http://x.example/?","Poplin")', attributes: { note: '@SUM(A1)' } })
    // no CSV export exists yet; every one to come writes its cells through csvCell
    expect(csvCell(found.product.name)).toBe(`"'=HYPERLINK(""http://x.example/?"",""Poplin"")"`)
    expect(csvCell(found.product.attributes.note)).toBe("'@SUM(A1)")
  })

  it('hostile files: empty, only quotes, CRLF, an enormous field: one line each, and the daemon keeps going', async () => {
    const write = async (n: string, content: string) => (await writeFile(join(dir, n), content), join(dir, n))
    const empty = await write('products-empty.csv', '')
    expect(await cli(['import', 'products', empty])).toMatchObject({ code: 1, stderr: `${empty}:1: the file is empty: no header row\n` })
    const quotes = await write('products-quotes.csv', '"""""\n"""\n"\n""""')
    const run = await cli(['import', 'products', quotes])
    expect([run.code, run.stderr]).toEqual([
      1,
      `${quotes}:1: the header: a quote opens field 1 and is not closed on this line (a field never spans lines)\n`,
    ])
    const huge = await write('products-huge.csv', `sku,name,unit\r\nH-1,"${'x'.repeat(8 * 1024 * 1024)}",m\r\nH-2,Fine,pcs\r\n`)
    const big = await cli(['import', 'products', huge])
    expect([big.code, big.stdout]).toEqual([1, `${huge}: 1 added, 0 updated, 1 refused\n`])
    expect(big.stderr).toMatch(new RegExp(`^${huge}:2: name: [^\\n]*\\n$`))
    expect(await name('H-2')).toBe('Fine')
  })
})

/** Windows-1254 bytes of `text` (ASCII and the Turkish letters only). */
function encode1254(text: string): Buffer {
  const turkish: Record<string, number> = { ğ: 0xf0, Ğ: 0xd0, ı: 0xfd, İ: 0xdd, ş: 0xfe, Ş: 0xde, ç: 0xe7, ö: 0xf6, ü: 0xfc }
  return Buffer.from([...text].map((c) => turkish[c] ?? c.charCodeAt(0)))
}
