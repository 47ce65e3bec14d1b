import type Hyperbee from 'hyperbee'
import type { AttachmentRecord, BlobRef } from '../../protocol/index.js'
import { attachmentKey, blobKey, entityKeys, attachmentOfRange } from './keys.js'
import { getValue } from './read.js'

/** Attachments by id and by the record they are kept beside. */
export class AttachmentsReader {
  constructor(private readonly bee: Hyperbee) {}

  attachment(id: string): Promise<AttachmentRecord | null> {
    return getValue<AttachmentRecord>(this.bee, attachmentKey(id))
  }

  /** Whether `entity` names a record that can carry attachments. */
  async exists(entity: string): Promise<boolean> {
    for (const key of entityKeys(entity)) if ((await this.bee.get(key)) !== null) return true
    return false
  }

  /** A record's attachments, in the order they were added. */
  async of(entity: string): Promise<AttachmentRecord[]> {
    const out: AttachmentRecord[] = []
    for await (const { value } of this.bee.createReadStream(attachmentOfRange(entity))) {
      const record = await this.attachment(value as string)
      if (record !== null) out.push(record)
    }
    return out
  }

  /** Where these bytes are stored already (content-addressed: a second copy is not stored again). */
  blob(hash: string): Promise<BlobRef | null> {
    return getValue<BlobRef>(this.bee, blobKey(hash))
  }
}
