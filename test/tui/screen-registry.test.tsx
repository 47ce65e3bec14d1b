import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import { roleAllows } from '../../protocol/index.js'
import { App } from '../../tui/app.js'
import { GLOBAL_BINDINGS, type KeySpec } from '../../tui/keys/bindings.js'
import { MENU_SCREENS, SCREENS } from '../../tui/screens/registry.js'
import { waitForFrame } from '../helpers/frames.js'
import { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * The screen registry is the one list of screens: what it says is what the app shows, the menu
 * lists and the help explains. These checks fail when a screen is added past it or a key is
 * bound twice (commandFor takes the first binding, so the second would be dead and the help wrong).
 */
const SCREENS_DIR = join(import.meta.dirname, '../../tui/screens')
/** Not screens of the app: the entry's type, the registry itself, and the first-run wizard (its own app, before a site exists). */
const NOT_SCREENS = new Set(['screen.ts', 'registry.ts', 'first-run.tsx'])
const keyName = (k: KeySpec) => (typeof k === 'string' ? `char ${k}` : 'ctrl' in k ? `ctrl ${k.ctrl}` : `key ${k.name}`)

describe('the screen registry', () => {
  it('lists every screen file once, under its own id (tui/screens/<id>.tsx)', () => {
    const ids = SCREENS.map((s) => s.id)
    expect(new Set(ids).size, 'ids are unique').toBe(ids.length)
    for (const id of ids) expect(existsSync(join(SCREENS_DIR, `${id}.tsx`)), `tui/screens/${id}.tsx`).toBe(true)
    // a screen may be split into parts named after it (picking-order.tsx is the Pick screen's order view)
    const part = (f: string) => ids.some((id) => f.startsWith(`${id}-`)) && !ids.includes(f.replace(/\.tsx$/, ''))
    const files = readdirSync(SCREENS_DIR).filter((f) => !NOT_SCREENS.has(f) && !part(f))
    expect(files.length, 'the folder holds screens').toBeGreaterThan(10)
    expect(files.map((f) => f.replace(/\.tsx$/, '')).sort()).toEqual([...ids].sort())
  })

  it('binds no key twice on a screen, and none over a global key', () => {
    const global = new Set(GLOBAL_BINDINGS.flatMap((b) => b.keys.map(keyName)))
    let checked = 0
    for (const screen of SCREENS) {
      const seen = new Map<string, string>()
      for (const binding of screen.bindings) {
        expect(binding.help.length, `${screen.id} ${binding.command} has help`).toBeGreaterThan(0)
        for (const key of binding.keys.map(keyName)) {
          expect(seen.get(key), `${screen.id}: ${key} bound to ${seen.get(key)} and ${binding.command}`).toBeUndefined()
          expect(global.has(key), `${screen.id}: ${key} is a global key`).toBe(false)
          seen.set(key, binding.command)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(40)
  })

  it('feeds the menu (its labels, in its order, with the role they need) and the help (a screen’s own keys)', async () => {
    const daemon = await startInProcessDaemon([{ id: 'ana', name: 'Ana Silva', role: 'picker', pin: '2222' }])
    const client = await daemon.connect()
    try {
      const ui = render(<App client={client} burstGapMs={30} />)
      await signIn(ui, 'ana', '2222')
      const menu = await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Ana Silva'), 'the menu')
      const rows = menu.split('\n').filter((l) => /^\s+\d+ {2}\S/.test(l))
      // menus by role: only what a picker may open, each under its number in the whole menu
      const all = [
        ...MENU_SCREENS.map((s) => ({ label: s.label, roles: s.roles })),
        { label: 'Sign out', roles: 'anyone' as const },
        { label: 'Quit', roles: 'anyone' as const },
      ]
      const expected = all.flatMap((s, i) => (roleAllows('picker', s.roles) ? [`${i + 1}  ${s.label}`] : []))
      expect(rows.map((l) => l.trim())).toEqual(expected.slice(0, rows.length))
      expect(rows.length).toBeGreaterThan(3)
      expect(menu).not.toContain('Pair a device')
      expect(menu).not.toContain('Audit log')

      const picking = MENU_SCREENS.findIndex((s) => s.id === 'picking')
      ui.stdin.write(String(picking + 1))
      await waitForFrame(ui.lastFrame, (f) => f.includes('Pick — open orders'), 'the pick screen')
      ui.stdin.write('?')
      const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help — Pick'), 'the pick help')
      for (const b of SCREENS.find((s) => s.id === 'picking')!.bindings) expect(help).toContain(b.help)
      ui.unmount()
    } finally {
      client.close()
      await daemon.stop()
    }
  })
})
