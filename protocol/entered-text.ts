import { z } from 'zod'

/**
 * Text a person enters (a ticket's label, a station's or menu item's name): no control
 * characters. A label with an escape code reached every station screen as a terminal command
 * (seen: another tile's number wiped by a carriage return); a bell in a station's name was drawn
 * as � by the station chooser. Only the methods' params check it; the operations' payloads keep
 * their schemas, since the fold must read a log as it was written.
 */
export const entered = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/\p{Cc}/u.test(s), 'no control characters (tabs, line breaks, escape codes)')
