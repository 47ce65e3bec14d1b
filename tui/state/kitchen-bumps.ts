/** What one bump at a KDS screen made: each station's bump (its operation), or the serve (station null). */
export interface BumpMade {
  station: string | null
  /** The operation's id: the recall names it, so it undoes this bump and no other (one made on another node). */
  op: string | null
}

/** One bump made at this screen: what R undoes, newest last. */
export interface Bumped {
  ticket: string
  label: string
  /** What went through so far; a bump of two stations makes two. */
  made: BumpMade[]
  /** Settles once every call of the bump has answered; never rejects (the screen says how it went). */
  settled: Promise<void>
}

const kept = new WeakMap<object, Bumped[]>()

/**
 * The bumps made at this screen, newest last. Kept by the screen (its config, `outpost kitchen`'s;
 * a board opened from the menu: the connection), not by the board's component: leaving the board
 * for the menu and coming back emptied them, and R then recalled the first station's last bump,
 * whichever screen made it (issue #17).
 */
export function bumpsOf(screen: object): Bumped[] {
  let list = kept.get(screen)
  if (list === undefined) {
    list = []
    kept.set(screen, list)
  }
  return list
}

/**
 * Record a bump as it starts, not once it is answered: R pressed right after it (a bump bar's
 * two presses) waits for it and recalls it. One that made nothing leaves the list.
 */
export function recordBump(list: Bumped[], ticket: string, label: string, run: (made: BumpMade[]) => Promise<void>): Promise<void> {
  const made: BumpMade[] = []
  const done = run(made)
  const entry: Bumped = { ticket, label, made, settled: done.then(noop, noop) }
  list.push(entry)
  void entry.settled.then(() => {
    if (made.length > 0) return
    const at = list.indexOf(entry)
    if (at >= 0) list.splice(at, 1)
  })
  // the list keeps what R may undo today; a long service's older bumps are past recalling anyway
  if (list.length > 200) list.splice(0, list.length - 200)
  return done
}

/** The newest bump that made something, taken off the list (waiting for one still being made); null: none. */
export async function takeLastBump(list: Bumped[]): Promise<Bumped | null> {
  for (let last = list.pop(); last !== undefined; last = list.pop()) {
    await last.settled
    if (last.made.length > 0) return last
  }
  return null
}

const noop = () => undefined
