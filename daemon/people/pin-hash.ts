import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt with N=2^14, r=8: about 50 ms on a laptop core, a few hundred on a Raspberry Pi.
// Slow enough that the short PINs people choose are not cheap to try off-line, quick enough
// for sign-in at a terminal. The parameters travel with the hash so they can be raised later.
const PARAMS = { N: 16384, r: 8, p: 1 } as const
const KEY_LENGTH = 32

function derive(secret: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(pin, salt, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('hex'), key.toString('hex')].join('$')
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false
  const expected = Buffer.from(hash, 'hex')
  const key = await derive(pin, Buffer.from(salt, 'hex'), { N: Number(n), r: Number(r), p: Number(p) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/**
 * A hash no person has (of a random secret nobody kept), with the same parameters as a PIN's.
 * Sign-in checks an unknown or removed person's PIN against it, so every check costs one scrypt.
 * seen: an unknown person was answered in ~1 ms and a known one in 43-180 ms, so timing told
 * who exists.
 */
export const DUMMY_PIN_HASH =
  'scrypt$16384$8$1$617555dfb3224ebdbd05ffea526a97b4$d9e36ee363b8f7ddc4f69eaa968efb74751bb9a444672006b4418f6044024e58'
