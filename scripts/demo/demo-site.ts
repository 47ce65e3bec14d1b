import type { OutpostNode } from '../../daemon/node.js'
import { hashPin } from '../../daemon/people/pin-hash.js'

/** The demo site's first-admin secret: fixed, because it is a demo and the hint shows it. */
export const DEMO_ADMIN_SECRET = 'DEMO-0000-0000-0000'

const STAFF = [
  { id: 'mia', name: 'Mia Demir', role: 'manager', pin: '1111' },
  { id: 'ana', name: 'Ana Silva', role: 'picker', pin: '2222' },
  { id: 'kemal', name: 'Kemal Aydın', role: 'kitchen', pin: '3333' },
] as const

export const DEMO_SITE_NAME = 'Demo stock room'

export const DEMO_HINTS = [
  'Demo staff (id / PIN):',
  `  admin ${DEMO_ADMIN_SECRET} (admin)    mia 1111 (manager)`,
  '  ana 2222 (picker)    kemal 3333 (kitchen)',
  'Type or scan a staff id, Enter, then the PIN. ? shows the keys.',
  'Printing (menu 3): t previews a test label for the virtual printer, Enter prints it.',
]

/** People with roles and a couple of shift notes, appended by the admin as two log blocks. */
export async function seedDemoSite(node: OutpostNode): Promise<void> {
  const people = await Promise.all(
    STAFF.map(async ({ pin, ...person }) => ({ type: 'person.add', payload: { ...person, pinHash: await hashPin(pin) } })),
  )
  await node.append(node.stamp(people, 'admin'))
  await node.append(
    node.stamp(
      [
        { type: 'note.post', payload: { text: 'Welcome to the demo stock room. Rack C is being re-labelled this week.' } },
        { type: 'note.post', payload: { text: 'Label printer on bench 2 runs low on paper: spare rolls in drawer 3.' } },
      ],
      'admin',
    ),
  )
}
