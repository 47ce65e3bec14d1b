import { Box, Text, useApp, useStdout } from 'ink'
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { NumberStyle, PairingRequestRecord, PersonRecord } from '../protocol/index.js'
import type { ConnectionState, SocketClient } from '../client/socket-client.js'
import { HelpOverlay, helpLayout, helpScroll } from './components/help-overlay.js'
import { MeshConsent } from './components/mesh-consent.js'
import { useMeshRequests } from './hooks/use-mesh-requests.js'
import { KITCHEN_BOARD, MENU, SIGN_IN, menuFor, screenById } from './screens/registry.js'
import { StatusBar } from './components/status-bar.js'
import { useDaemonStatus } from './hooks/use-daemon-status.js'
import { useConnection } from './hooks/use-connection.js'
import { useInputSource } from './hooks/use-input-source.js'
import { useKeypress } from './hooks/use-keypress.js'
import { Command, commandFor, GLOBAL_BINDINGS } from './keys/bindings.js'
import { KeyDispatcher, Layer } from './keys/dispatcher.js'
import {
  ActionsContext,
  ClientContext,
  DispatcherContext,
  StateContext,
  useAppActions,
  useAppState,
  type AppActions,
  type AppState,
} from './state/contexts.js'
import { tone } from './theme.js'
import type { ScanFrame } from './keys/scan-frame.js'
import { clientInWords } from './components/refusal.js'
import { shownCode } from './components/printable.js'
import { KeptContext } from './state/kept.js'
import { roleAllows } from '../protocol/index.js'
import type { KitchenScreenConfig } from './state/kitchen-screen.js'

export interface AppProps {
  client: SocketClient
  /** Shown once on the sign-in screen (the first admin's secret on a new site). */
  notice?: string | null
  /** Extra lines for the sign-in screen, e.g. the demo's staff and PINs. */
  hints?: readonly string[]
  burstGapMs?: number
  /** The terminal's scanner sends this prefix and suffix around every code (--scan-prefix). */
  scanFrame?: ScanFrame | null
  /** This terminal's own number style (--number-style), over the site's. */
  numberStyle?: NumberStyle | null
  /** A KDS screen (`outpost kitchen --station grill`): signed in, it opens on the board for its stations. */
  kitchen?: KitchenScreenConfig | null
  /** Where exports are written (default: the current folder). */
  exportDir?: string
  /** When this TUI started the daemon itself: the line for its end, once it has ended. */
  ownDaemonExit?: Promise<string> | null
  /** Called when the person quits, before the app exits. */
  onQuit?: () => void
}

function useTerminalSize(): { rows: number; columns: number } {
  const { stdout } = useStdout()
  const read = () => ({ rows: stdout.rows || 24, columns: stdout.columns || 80 })
  const [size, setSize] = useState(read)
  useEffect(() => {
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return size
}

/** The app only lays out: which screen, the help overlay over it, the status bar under it. */
export function App(props: AppProps) {
  const { exit } = useApp()
  const { rows, columns } = useTerminalSize()
  // a scan the screen has no use for is said on a line of its own (KeyDispatcher.scan)
  const [untaken, setUntaken] = useState<string | null>(null)
  const dispatcher = useMemo(() => new KeyDispatcher(setUntaken), [])
  useInputSource(dispatcher, {
    ...(props.burstGapMs === undefined ? {} : { burstGapMs: props.burstGapMs }),
    scanFrame: props.scanFrame ?? null,
    client: props.client,
  })
  const [fatal, setFatal] = useState<string | null>(null)
  const onError = useCallback((err: Error) => setFatal(err.message), [])
  // every screen's refusals in a person's words, never schema text, and text from the log safe
  // to draw (components/refusal.ts, printable.ts)
  const client = useMemo(() => clientInWords(props.client), [props.client])
  const connection = useConnection(props.client)
  const status = useDaemonStatus(client, connection, onError)
  const [person, setPerson] = useState<PersonRecord | null>(null)
  const [screen, setScreen] = useState<string>(SIGN_IN.id)
  const [signInLine, setSignInLine] = useState<string | null>(null)
  const signInAgain = useCallback((line: string) => {
    setPerson(null)
    setScreen(SIGN_IN.id)
    setSignInLine(line)
  }, [])
  const again = useSignInAgain(connection, person, screen, signInAgain)
  const [help, setHelp] = useState(false)
  const requests = useMeshRequests(client, person)
  // what screens keep while the person is elsewhere (a half-filled form); dropped at sign-out
  const [kept, setKept] = useState(() => new Map<string, unknown>())

  const [ownDaemonGone, setOwnDaemonGone] = useState<string | null>(null)
  useEffect(() => {
    void props.ownDaemonExit?.then(setOwnDaemonGone)
  }, [props.ownDaemonExit])
  // back on a daemon started by hand: a later drop is that one's, not the first's
  if (connection.up && ownDaemonGone !== null) setOwnDaemonGone(null)

  useEffect(() => {
    // a client that does not reconnect (tests', a script's): its close is the end
    const onClose = () => setFatal('the connection to the daemon was lost')
    props.client.on('close', onClose)
    return () => {
      props.client.off('close', onClose)
    }
  }, [props.client])

  const actions = useMemo<AppActions>(
    () => ({
      signedIn: (p) => {
        setPerson(p)
        setSignInLine(null)
        // back after a reconnect: the same person goes on where they were, with what they had typed
        const back = again.current
        again.current = null
        const where = back?.person === p.id ? screenById(back.screen) : null
        if (where !== null && where.id !== SIGN_IN.id && roleAllows(p.role, where.roles)) return setScreen(where.id)
        if (back !== null) setKept(new Map())
        setScreen(props.kitchen != null ? KITCHEN_BOARD.id : MENU.id)
      },
      signOut: async () => {
        setPerson(null)
        setKept(new Map())
        setScreen(SIGN_IN.id)
        await props.client.call('session.signOut').catch(() => undefined)
      },
      quit: () => {
        props.onQuit?.()
        exit()
      },
    }),
    [exit, props.client, props.onQuit, props.kitchen, again],
  )
  const state = useMemo<AppState>(
    () => ({
      person,
      status,
      connection,
      notice: signInLine ?? props.notice ?? null,
      hints: props.hints ?? [],
      terminalNumberStyle: props.numberStyle ?? null,
      kitchen: props.kitchen ?? null,
      exportDir: props.exportDir ?? process.cwd(),
    }),
    [person, status, connection, signInLine, props.notice, props.hints, props.numberStyle, props.kitchen, props.exportDir],
  )

  return (
    <ClientContext.Provider value={client}>
      <KeptContext.Provider value={kept}>
        <DispatcherContext.Provider value={dispatcher}>
          <StateContext.Provider value={state}>
            <ActionsContext.Provider value={actions}>
              <Shell
                rows={rows}
                columns={columns}
                screen={screen}
                setScreen={setScreen}
                help={help}
                setHelp={setHelp}
                fatal={fatal}
                ownDaemonGone={ownDaemonGone}
                untaken={untaken}
                request={requests[0] ?? null}
              />
            </ActionsContext.Provider>
          </StateContext.Provider>
        </DispatcherContext.Provider>
      </KeptContext.Provider>
    </ClientContext.Provider>
  )
}

interface ShellProps {
  rows: number
  columns: number
  /** The id of the screen shown (screens/registry.ts). */
  screen: string
  setScreen: (screen: string) => void
  help: boolean
  setHelp: (update: (open: boolean) => boolean) => void
  fatal: string | null
  /** Why the daemon this TUI started is gone, once it is. */
  ownDaemonGone: string | null
  /** The oldest join request waiting for consent, shown over any screen. */
  request: PairingRequestRecord | null
  /** The code of a scan this screen takes none of, said until the next key. */
  untaken: string | null
}

/** Inside the providers: global keys, the help overlay, the screen, the status bar. */
function Shell({ rows, columns, screen, setScreen, help, setHelp, fatal, ownDaemonGone, request, untaken }: ShellProps) {
  const state = useAppState()
  const { status, person, connection } = state
  const { quit } = useAppActions()
  useKeypress(
    (key) => {
      const command = commandFor(GLOBAL_BINDINGS, key)
      if (command === Command.help) setHelp((h) => !h)
      else if (command === Command.quit) quit()
      else if (fatal !== null && key.name === 'char' && key.char === 'q') quit()
      else return false
      return true
    },
    { priority: Layer.global },
  )
  const shown = screenById(screen) ?? MENU
  // One line short of the terminal: a frame as tall as the terminal makes Ink clear it with
  // ESC[2J ESC[3J on every redraw, and ESC[3J wipes the scrollback (tmux keeps it beside the
  // alternate screen, and lost 295 lines of an admin's history: issue #21). One line less and
  // Ink redraws by erasing its own lines, leaving the history alone.
  const height = Math.max(1, rows - 1)
  // the help's rows: all but the status bar's line (and an error's)
  const helpBindings = shown.bindingsFor?.(state) ?? shown.bindings
  // down: the line wraps rather than lose its end (where the daemon's log is), and the screen gives it its rows
  const down = disconnectedLine(connection, ownDaemonGone)
  const lines = (fatal !== null ? 1 : 0) + (untaken !== null ? 1 : 0) + (down === null ? 0 : Math.ceil(down.length / Math.max(1, columns)))
  const helpHeight = height - 1 - lines
  const [helpTop, setHelpTop] = useState(0)
  // While help is open it takes every key: Esc or ? closes it, the arrows and pages scroll it,
  // nothing reaches the screen.
  useKeypress(
    (key) => {
      const to = helpScroll(key, helpTop, helpLayout(helpBindings, columns, helpHeight, shown.scanner))
      if (to !== null) setHelpTop(to)
      else if (key.name === 'escape' || key.name === 'f1' || (key.name === 'char' && key.char === '?')) {
        setHelp(() => false)
        setHelpTop(0)
      } else if (key.name === 'ctrl' && key.char === 'c') quit()
      return true
    },
    { isActive: help, priority: Layer.overlay },
  )

  const Screen = shown.component
  // menus by role: a screen the person may not use is not opened (refused before any form)
  const open = (id: string) => {
    const entry = screenById(id)
    if (entry === null || person === null || !roleAllows(person.role, entry.roles)) return setScreen(MENU.id)
    setScreen(entry.id)
  }
  return (
    <Box flexDirection="column" height={height} width={columns}>
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {fatal !== null && <Text {...tone('error')}>✗ {fatal} — press q to quit</Text>}
        {down !== null && <Text {...tone('error')}>{down}</Text>}
        {untaken !== null && (
          <Text {...tone('error')} wrap="truncate-end">
            ✗ &quot;{shownCode(untaken)}&quot; read as a scan; this screen takes none: nothing done
          </Text>
        )}
        {request !== null && <MeshConsent key={request.id} request={request} width={columns} />}
        {help && <HelpOverlay screen={shown} width={columns} height={helpHeight} top={helpTop} bindings={helpBindings} />}
        <Box display={help ? 'none' : 'flex'} flexDirection="column">
          <Screen
            key={shown.id}
            back={() => setScreen(MENU.id)}
            open={open}
            menu={menuFor(person?.role ?? null)}
            rows={height - 3 - lines}
            width={columns}
          />
        </Box>
      </Box>
      <StatusBar status={status} person={person} connected={connection.up} width={columns} />
    </Box>
  )
}

/**
 * The daemon came back on a new connection while someone was signed in. A sign-in lives on one
 * connection (session.signIn takes the PIN, and the daemon keeps no session across connections or
 * restarts), so the TUI asks for it again rather than keep the person's PIN and badge in memory all
 * shift to send them again by itself: the sign-in screen, with a line saying why. Returns who was
 * signed in, and where: the same person signing in again goes on there (app.tsx's signedIn).
 */
function useSignInAgain(
  connection: ConnectionState,
  person: PersonRecord | null,
  screen: string,
  signOut: (line: string) => void,
): RefObject<{ person: string; screen: string } | null> {
  const again = useRef<{ person: string; screen: string } | null>(null)
  const seen = useRef(connection.generation)
  useEffect(() => {
    if (!connection.up || connection.generation === seen.current) return
    seen.current = connection.generation
    if (person === null) return
    again.current = { person: person.id, screen }
    signOut(`Reconnected to the daemon: sign in again to go on (a sign-in lasts one connection; ${person.name} was signed in).`)
  }, [connection, person, screen, signOut])
  return again
}

/** Down: in words and with a mark, not by colour alone (a monochrome KDS screen). */
function disconnectedLine(connection: ConnectionState, ownDaemonGone: string | null): string | null {
  if (connection.up) return null
  const tries = connection.attempts === 0 ? '' : `, try ${connection.attempts + 1}`
  return `✗ DISCONNECTED: ${ownDaemonGone ?? connection.reason} — reconnecting${tries}`
}
