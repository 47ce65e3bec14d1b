import { printable } from './printable.js'
/**
 * Refusals in a person's words. The daemon checks a method's parameters with its schema and says
 * what failed in the schema's terms ("stock.receive: rolls: Too small: expected number to be
 * >=1"); that is right for a script, not for a person at a scanner. The TUI's client passes every
 * refusal through `inWords`, so no screen shows schema text, the next ones included.
 */

const FIELD_WORDS: Record<string, string> = {
  code: 'the code',
  rolls: 'the number of rolls',
  lot: 'the lot',
  location: 'the location',
  product: 'the product',
  quantity: 'the quantity',
  reason: 'the reason',
  note: 'the note',
  pin: 'the PIN',
  person: 'the staff id',
  order: 'the order',
  roll: 'the roll',
  session: 'the count',
  text: 'the text',
}

const SCHEMA_PHRASES: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Too small: expected number to be >=?(\d+)/, (m) => `must be at least ${m[1]}`],
  [/^Too small: expected number to be >(\d+)/, (m) => `must be more than ${m[1]}`],
  [/^Too big: expected number to be <=?(\d+)/, (m) => `must be at most ${m[1]}`],
  [/^Too small: expected (string|array) to have >=?1 (characters|items)/, () => 'is empty'],
  [/^Too small: expected string to have >=?(\d+) characters/, (m) => `needs at least ${m[1]} characters`],
  [/^Too big: expected string to have <=?(\d+) characters/, (m) => `is longer than ${m[1]} characters`],
  [/^Too big: expected array to have <=?(\d+) items/, (m) => `has more than ${m[1]}`],
  [/^Invalid input: expected (\w+), received (\w+)/, (m) => `should be a ${m[1] === 'int' ? 'whole number' : m[1]}`],
  [/^Invalid (input|option|enum value)/, () => 'is not one of the choices'],
  [/^Unrecognized key/, () => 'has something this version does not know'],
]

const SCHEMA_TEXT = /(Too small|Too big|Invalid input|Invalid option|Unrecognized key|expected \w+, received)/

/** A refusal as one line a person can act on; messages already in words pass unchanged. */
export function inWords(message: string): string {
  const line = message.split('\n')[0] ?? ''
  if (!SCHEMA_TEXT.test(line)) return line
  // "method.name: field.path: schema message": drop the method, name the field in words
  const parts = line.split(': ')
  const method = parts[0] !== undefined && /^[a-z]+\.[a-zA-Z.]+$/.test(parts[0]) ? parts.shift() : undefined
  const schemaAt = parts.findIndex((p) => SCHEMA_TEXT.test(p))
  const path = parts.slice(0, Math.max(0, schemaAt)).join('.')
  const rule = parts.slice(Math.max(0, schemaAt)).join(': ')
  const field =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .at(-1) ?? ''
  const said = SCHEMA_PHRASES.find(([re]) => re.test(rule))
  const what = said === undefined ? 'is not right' : said[1](rule.match(said[0])!)
  const subject = FIELD_WORDS[field] ?? (field === '' ? 'what was sent' : field)
  void method
  return `${subject[0]!.toUpperCase()}${subject.slice(1)} ${what}`
}

/**
 * Answers that are a file's contents, written to a file and never drawn: passed as they are. Seen
 * (#17): the Shifts screen's CSV export had every CRLF written as U+FFFD LF.
 */
const FILE_ANSWERS = new Set<unknown>(['shifts.export'])

/**
 * A client whose refusals come in words, and whose answers and events are safe to draw
 * (printable.ts): what the TUI gives its screens (state/contexts.ts) and its own hooks.
 */
export function clientInWords<C extends { call: (...args: never[]) => Promise<unknown> }>(client: C): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'onEvent') {
        const onEvent = Reflect.get(target, prop, receiver) as (name: string, listener: (params: unknown) => void) => () => void
        return (name: string, listener: (params: unknown) => void) => onEvent.call(target, name, (params) => listener(printable(params)))
      }
      if (prop !== 'call') {
        const value: unknown = Reflect.get(target, prop, receiver)
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      }
      return (...args: never[]) =>
        target.call(...args).then(FILE_ANSWERS.has(args[0]) ? (answer) => answer : printable, (err: unknown) => {
          if (err instanceof Error) err.message = printable(inWords(err.message))
          throw err
        })
    },
  })
}
