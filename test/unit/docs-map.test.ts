import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EVENTS, METHOD_NAMES, OPERATION_TYPES } from '../../protocol/index.js'

/**
 * The README's map says where each capability lives (issue #16: a newcomer finds a capability's
 * rule, method, screen and test in a minute). A map that names a moved file or a renamed method
 * sends them on a grep instead, so these checks fail when the code moves and the map does not.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const README = join(ROOT, 'README.md')
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => join(ROOT, 'docs', name))

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>()
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const heading = /^#+\s+(.*)$/.exec(line)
    if (heading !== null)
      anchors.add(
        heading[1]!
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}_\- ]/gu, '')
          .replace(/ /g, '-'),
      )
  }
  return anchors
}

/** The rows of the map table: the cells after the capability's name. */
function mapRows(): string[][] {
  return readFileSync(README, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| **'))
    .map((line) => line.split('|').slice(2, -1))
}

const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)

describe('the README map and docs/', () => {
  it('every relative link and anchor in README.md and docs/*.md resolves', () => {
    const broken: string[] = []
    let links = 0
    for (const file of [README, ...DOCS]) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue
        links++
        const [path, anchor] = target!.split('#') as [string, string | undefined]
        const dest = path === '' ? file : resolve(dirname(file), path)
        if (!existsSync(dest)) broken.push(`${file}: ${target} (no such file)`)
        else if (anchor !== undefined && dest.endsWith('.md') && !anchorsOf(dest).has(anchor))
          broken.push(`${file}: ${target} (no such heading)`)
      }
    }
    expect(links).toBeGreaterThan(50) // the docs link to each other: an empty scan would pass anything
    expect(broken).toEqual([])
  })

  it('every file the map names exists (a bare name is in the folder of the path before it)', () => {
    const missing: string[] = []
    let named = 0
    for (const cells of mapRows()) {
      for (const cell of cells) {
        let folder: string | null = null
        for (const span of codeSpans(cell)) {
          if (span.includes(' ') || !/\.(ts|tsx)$|\/$/.test(span)) continue
          const path = span.includes('/') ? span : folder === null ? span : join(folder, span)
          if (span.includes('/')) folder = dirname(span.replace(/\/$/, '/x'))
          named++
          const found = path.includes('*') ? globExists(path) : existsSync(join(ROOT, path))
          if (!found) missing.push(path)
        }
      }
    }
    expect(mapRows().length).toBeGreaterThanOrEqual(14)
    expect(named).toBeGreaterThan(100)
    expect(missing).toEqual([])
  })

  it('the map names every socket method and operation type, and only real ones', () => {
    const methods = new Set<string>()
    const operations = new Set<string>()
    for (const cells of mapRows()) {
      for (const [column, into] of [
        [0, operations],
        [1, methods],
      ] as const) {
        let prefix: string | null = null
        for (const span of codeSpans(cells[column]!)) {
          if (span.startsWith('.') && prefix !== null && /^\.[a-zA-Z]+$/.test(span)) into.add(prefix + span)
          else if (/^[a-z]+(\.[a-zA-Z]+)+$/.test(span) && !/\.tsx?$/.test(span)) {
            into.add(span)
            prefix = span.slice(0, span.lastIndexOf('.'))
          }
        }
      }
    }
    const known = new Set<string>([...METHOD_NAMES, ...Object.keys(EVENTS)])
    expect([...methods].filter((m) => !known.has(m))).toEqual([])
    expect(METHOD_NAMES.filter((m) => !methods.has(m))).toEqual([])
    expect([...operations].filter((o) => !(OPERATION_TYPES as readonly string[]).includes(o))).toEqual([])
    expect(OPERATION_TYPES.filter((o) => !operations.has(o))).toEqual([])
  })
})

/** `test/integration/mesh*.test.ts`: one `*` in the file name, matched in its folder. */
function globExists(pattern: string): boolean {
  const folder = join(ROOT, dirname(pattern))
  const [before, after] = pattern.slice(pattern.lastIndexOf('/') + 1).split('*') as [string, string]
  return existsSync(folder) && readdirSync(folder).some((name) => name.startsWith(before) && name.endsWith(after))
}
