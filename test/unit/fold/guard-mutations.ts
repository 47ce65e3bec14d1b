/**
 * Proves each row of the fold tables earns its place: every guard of daemon/fold/ is switched
 * off in turn (its condition becomes `false`; a condition of several `||` parts also loses each
 * part in turn), the tables of that capability run, and at least one row must fail. The file is
 * restored after each run, whatever happens. Not a test: it rewrites product code, so run it in a
 * copy of the work tree, never beside other tests:
 *
 *   npx esbuild test/unit/fold/guard-mutations.ts --platform=node --format=esm --outfile=/tmp/gm.mjs
 *   node /tmp/gm.mjs [fold-file-name ...]     # prints one line per mutation; exit 1 if one survives
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createVitest, type TestSpecification } from 'vitest/node'

const FOLD = 'daemon/fold'
/** Which tables cover the guards of each fold module. */
const TABLES: Record<string, string[]> = {
  'fold-operation.ts': ['operation', 'site'],
  'catalog.ts': ['catalog', 'stock'],
  'counting.ts': ['counting', 'conflicts'],
  'conflicts.ts': ['conflicts'],
  'conflict-flags.ts': ['conflicts'],
  'notes.ts': ['notes'],
  'orders.ts': ['orders', 'picking'],
  'picking.ts': ['picking', 'orders'],
  'people.ts': ['people', 'site'],
  'site.ts': ['site', 'people'],
  'printing.ts': ['printing'],
  'stock.ts': ['stock', 'orders', 'picking', 'counting'],
  'mesh.ts': ['mesh'],
  'tickets.ts': ['tickets', 'tickets-flow'],
  'ticket-places.ts': ['tickets-flow', 'tickets'],
  'menu.ts': ['menu', 'tickets'],
  'stations.ts': ['stations', 'tickets', 'menu'],
  'shifts.ts': ['shifts', 'menu', 'tickets'],
}

interface Mutation {
  file: string
  line: number
  what: string
  text: string
}

/** The guard lines: a rejection, or a catalog problem (which a rejection then names). */
const GUARD = /\breject\(|return rejected\(|return `its unit|if \(held !== null/
const NOT_A_GUARD = /export function reject|function rejected|rejected\(err\.reason/

function mutations(file: string): Mutation[] {
  const text = readFileSync(join(FOLD, file), 'utf8')
  const lines = text.split('\n')
  const out: Mutation[] = []
  const lineStart = (n: number) => lines.slice(0, n).reduce((sum, l) => sum + l.length + 1, 0)
  lines.forEach((content, n) => {
    if (!GUARD.test(content) || NOT_A_GUARD.test(content)) return
    // the `if (` that guards this line: on it, or up to three lines before
    let at = -1
    for (let back = 0; back <= 3 && at < 0; back++) {
      const l = lines[n - back]
      if (l === undefined) break
      const i = l.lastIndexOf('if (')
      if (i >= 0) at = lineStart(n - back) + i + 3
    }
    if (at < 0) throw new Error(`${file}:${n + 1}: no condition found for ${content.trim()}`)
    const end = closing(text, at)
    const condition = text.slice(at + 1, end)
    const swap = (from: number, to: number, by: string) => text.slice(0, from) + by + text.slice(to)
    out.push({ file, line: n + 1, what: `if (${condition}) -> if (false)`, text: swap(at + 1, end, 'false') })
    const parts = topLevelOr(condition)
    if (parts.length > 1) {
      for (const part of parts) {
        const from = at + 1 + part.start
        out.push({
          file,
          line: n + 1,
          what: `part ${condition.slice(part.start, part.end).trim()} -> false`,
          text: swap(from, at + 1 + part.end, ' false '),
        })
      }
    }
  })
  return out
}

function closing(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return i
  }
  throw new Error('unbalanced condition')
}

function topLevelOr(condition: string): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = []
  let depth = 0
  let start = 0
  for (let i = 0; i < condition.length; i++) {
    const c = condition[i]
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (depth === 0 && condition.startsWith('||', i)) {
      parts.push({ start, end: i })
      start = i + 2
    }
  }
  parts.push({ start, end: condition.length })
  return parts
}

/** One Vitest for all the runs: only the mutated module is transformed again each time. */
const vitest = await createVitest('test', { watch: false, reporters: [{}] })
const specsOf = new Map<string, TestSpecification[]>()

async function failedRows(tables: string[]): Promise<string[]> {
  const key = tables.join(',')
  if (!specsOf.has(key)) specsOf.set(key, await vitest.getRelevantTestSpecifications(tables.map((t) => `test/unit/fold/${t}.test.ts`)))
  const result = await vitest.runTestSpecifications(specsOf.get(key)!)
  const failed: string[] = []
  // Vitest keeps every module it ever ran in its state: read only the ones of this run
  const ran = new Set(specsOf.get(key)!.map((spec) => spec.moduleId))
  for (const module of result.testModules.filter((m) => ran.has(m.moduleId))) {
    for (const error of module.errors()) failed.push(`${module.moduleId}: ${error.message}`)
    for (const test of module.children.allTests()) if (test.result().state === 'failed') failed.push(test.fullName)
  }
  return failed
}

const only = process.argv.slice(2)
let survivors = 0
for (const file of readdirSync(FOLD).filter((f) => TABLES[f] !== undefined && (only.length === 0 || only.includes(f)))) {
  const path = resolve(FOLD, file)
  const original = readFileSync(path, 'utf8')
  for (const m of mutations(file)) {
    try {
      writeFileSync(path, m.text)
      vitest.invalidateFile(path)
      const failed = await failedRows(TABLES[file]!)
      if (failed.length === 0) survivors++
      console.log(`${file}:${m.line}\t${m.what}\t${failed.length === 0 ? 'SURVIVED' : `caught by ${failed.length}: ${failed.join(' | ')}`}`)
    } finally {
      writeFileSync(path, original)
      vitest.invalidateFile(path)
    }
  }
}
await vitest.close()
process.exitCode = survivors === 0 ? 0 : 1
