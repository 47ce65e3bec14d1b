import type Hyperbee from 'hyperbee';
import type { AttachmentRecord } from '../../protocol/index.js';
/** Attachments by id and by the record they are kept beside. */
export declare class AttachmentsReader {
    private readonly bee;
    constructor(bee: Hyperbee);
    attachment(id: string): Promise<AttachmentRecord | null>;
    /** A record's attachments, in the order they were added. */
    of(entity: string): Promise<AttachmentRecord[]>;
    /** Any attachment with these bytes (content-addressed: a second copy is not stored again). */
    byHash(entity: string, hash: string): Promise<AttachmentRecord | null>;
}
