import { z } from 'zod'

/**
 * Field-level merge (SPEC "Conflicts" rule 4). A node's source role, from its config: where the
 * same field was edited on two nodes apart, the higher source stands, then the later hybrid
 * clock. In order of priority, lowest first.
 */
export const SOURCES = ['terminal', 'office'] as const
export const Source = z.enum(SOURCES)
export type Source = z.infer<typeof Source>
export const sourceRank = (source: Source): number => SOURCES.indexOf(source)

/**
 * What an edit of a record changes: the fields it sets, and per field the operations whose values
 * it saw there (the field's stamps when it was made). A stamp it saw is one it replaces; one it
 * did not see was made concurrently, and the merge rules decide between them.
 */
export const FieldEdit = z.object({
  fields: z.array(z.string().min(1).max(40)).min(1).max(32),
  seen: z.record(z.string().min(1).max(40), z.array(z.string().min(8).max(64)).max(16)),
})
export type FieldEdit = z.infer<typeof FieldEdit>

/**
 * What an edit operation of one record adds for field-level merge (people, menu items, stations,
 * a repair's device): the fields it sets and the values it saw there, and the node's source role.
 * Absent (an operation from before field merge): the fields it sets, after all it could see.
 */
export const ONE_EDIT = { edit: FieldEdit.optional(), source: Source.optional() }
