import { fileURLToPath } from 'node:url'
import { benchFoundation } from './foundation.js'

/** `npm run bench`: every benchmark, each printing its table. Figures, not pass/fail tests. */
const bin = fileURLToPath(new URL('../../bin/outpost.js', import.meta.url))
await benchFoundation(bin)
