import { attachmentKey, attachmentOfRange } from './keys.js';
import { getValue } from './read.js';
/** Attachments by id and by the record they are kept beside. */
export class AttachmentsReader {
    bee;
    constructor(bee) {
        this.bee = bee;
    }
    attachment(id) {
        return getValue(this.bee, attachmentKey(id));
    }
    /** A record's attachments, in the order they were added. */
    async of(entity) {
        const out = [];
        for await (const { value } of this.bee.createReadStream(attachmentOfRange(entity))) {
            const record = await this.attachment(value);
            if (record !== null)
                out.push(record);
        }
        return out;
    }
    /** Any attachment with these bytes (content-addressed: a second copy is not stored again). */
    async byHash(entity, hash) {
        for (const record of await this.of(entity))
            if (record.hash === hash)
                return record;
        return null;
    }
}
//# sourceMappingURL=attachments-reader.js.map