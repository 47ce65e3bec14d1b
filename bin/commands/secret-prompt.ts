import { OutpostError } from '../../protocol/index.js'

/**
 * Ask for a secret on the terminal without echoing it: raw mode, characters gathered until
 * Enter, backspace honoured, Ctrl-C or Ctrl-D gives up. Only for a terminal (stdin a TTY).
 */
export function readSecret(prompt: string): Promise<string> {
  const input = process.stdin
  process.stderr.write(prompt)
  input.setRawMode(true)
  input.resume()
  input.setEncoding('utf8')
  return new Promise<string>((resolve, reject) => {
    let typed = ''
    const finish = (err: Error | null) => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      process.stderr.write('\n')
      if (err === null) resolve(typed)
      else reject(err)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(null)
        if (ch === '\u0003' || ch === '\u0004') return finish(new OutpostError('E_USAGE', 'no passphrase given'))
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1)
        else if (ch >= ' ') typed += ch
      }
    }
    input.on('data', onData)
  })
}
