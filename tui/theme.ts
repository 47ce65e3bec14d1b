/**
 * Colours in one place. With NO_COLOR set (no-color.org) nothing is coloured: emphasis falls back
 * to bold, inverse and symbols, so every state still reads on a monochrome screen.
 */
export const noColor = (): boolean => process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== ''

export interface Tone {
  color?: string
  bold?: boolean
  inverse?: boolean
  dimColor?: boolean
}

export function tone(kind: 'error' | 'ok' | 'title' | 'muted' | 'selected' | 'bar' | 'warn'): Tone {
  const plain = noColor()
  switch (kind) {
    case 'error':
      return plain ? { bold: true } : { color: 'red', bold: true }
    case 'warn':
      return plain ? { bold: true } : { color: 'yellow' }
    case 'ok':
      return plain ? {} : { color: 'green' }
    case 'title':
      return plain ? { bold: true } : { color: 'cyan', bold: true }
    case 'muted':
      return plain ? {} : { dimColor: true }
    case 'selected':
      return { inverse: true }
    case 'bar':
      return { inverse: true }
  }
}
