import { DISCREPANCY_RANGE, OPEN_REPAIR_RANGE, REPAIR_RANGE, deviceKey, discrepancyKey, repairKey } from './keys.js';
import { getValue } from './read.js';
/** The repair bench: repairs with their devices, and the discrepancies found there. */
export class RepairsReader {
    bee;
    constructor(bee) {
        this.bee = bee;
    }
    repair(id) {
        return getValue(this.bee, repairKey(id));
    }
    device(code) {
        return getValue(this.bee, deviceKey(code));
    }
    /** A repair by its id or its device's code (what was scanned), with its device. */
    async find(idOrDevice) {
        const code = idOrDevice.trim();
        let repair = await this.repair(code);
        if (repair === null) {
            const device = await this.device(code);
            if (device !== null)
                repair = await this.repair(device.repair);
        }
        if (repair === null)
            return null;
        const device = await this.device(repair.device);
        return device === null ? null : { repair, device };
    }
    /** Repairs, newest intake first: open ones (one short range) or all. */
    async repairs(open, limit) {
        const out = [];
        const range = open ? OPEN_REPAIR_RANGE : REPAIR_RANGE;
        const prefix = open ? 'repair-open/' : 'repair/';
        // ids start with the taking node's key, so key order is not time order: read, then sort
        for await (const { key } of this.bee.createReadStream({ ...range, limit: 5000 })) {
            const found = await this.find(String(key).slice(prefix.length));
            if (found !== null)
                out.push(found);
        }
        return out.sort((a, b) => b.device.at - a.device.at || (a.repair.id < b.repair.id ? -1 : 1)).slice(0, limit);
    }
    async discrepancies(limit) {
        const out = [];
        for await (const { value } of this.bee.createReadStream({ ...DISCREPANCY_RANGE, limit: 5000 }))
            out.push(value);
        return out.sort((a, b) => b.at - a.at).slice(0, limit);
    }
    discrepancy(id) {
        return getValue(this.bee, discrepancyKey(id));
    }
}
//# sourceMappingURL=repairs-reader.js.map