import { locationLabel, type Fixture } from './fixture.js'
import { foldTable, op, type Step } from './table.js'

const add = (key: string): Step => op('mesh.addNode', { key, name: 'n-a', swarmKey: key })
const announce = (id: string, from?: string) => op('printing.announce', { id, name: 'Printer', profile: 'escpos-80-tr' }, '@system', from)
const queue = (printer: string, copyOf: string | null = null) => op('printing.queue', { printer, document: locationLabel, copyOf }, 'pia')
const cancel = (job: string) => op('printing.cancel', { job }, 'pia')
const printed = (job: string, from?: string) => op('printing.printed', { job, copy: false }, '@system', from)
const NO_JOB = '0000000000000000-none'
const a = (fx: Fixture) => fx.keys.a

foldTable('printing: every rejection reason of printers and print jobs', [
  {
    reason: 'printer p-1 hangs on node n0: give this one another id',
    given: (fx) => [add(a(fx))],
    attempt: (fx) => announce('p-1', a(fx)),
    allowed: (fx) => announce('p-2', a(fx)),
  },
  {
    reason: 'printer p-9 hangs on node n-a: give this one another id',
    name: "a removed node's printer may be taken over",
    given: (fx) => [add(a(fx)), announce('p-9', a(fx))],
    attempt: () => announce('p-9'),
    allowedGiven: (fx) => [add(a(fx)), announce('p-9', a(fx)), op('mesh.removeNode', { key: a(fx) })],
    allowed: () => announce('p-9'),
  },
  { reason: 'no printer p-404 in this site', attempt: () => queue('p-404'), allowed: () => queue('p-1') },
  { reason: `no print job ${NO_JOB} to reprint`, attempt: () => queue('p-1', NO_JOB), allowed: (fx) => queue('p-1', fx.job) },
  { reason: `no print job ${NO_JOB}`, name: 'no print job (cancel)', attempt: () => cancel(NO_JOB), allowed: (fx) => cancel(fx.job) },
  { reason: `no print job ${NO_JOB}`, name: 'no print job (printed)', attempt: () => printed(NO_JOB), allowed: (fx) => printed(fx.job) },
  {
    reason: 'the job was printed already',
    given: (fx) => [printed(fx.job)],
    attempt: (fx) => cancel(fx.job),
    allowedGiven: () => [],
    allowed: (fx) => cancel(fx.job),
  },
  {
    reason: 'the job was cancelled already',
    given: (fx) => [cancel(fx.job)],
    attempt: (fx) => cancel(fx.job),
    allowedGiven: () => [],
    allowed: (fx) => cancel(fx.job),
  },
  {
    reason: 'only the node printer p-1 hangs on records its prints',
    kind: 'forbidden',
    given: (fx) => [add(a(fx))],
    attempt: (fx) => printed(fx.job, a(fx)),
    allowed: (fx) => printed(fx.job),
  },
])
