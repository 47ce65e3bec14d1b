import type Hyperbee from 'hyperbee';
import type { DeviceRecord, DiscrepancyRecord, RepairRecord } from '../../protocol/index.js';
export interface RepairWithDevice {
    repair: RepairRecord;
    device: DeviceRecord;
}
/** The repair bench: repairs with their devices, and the discrepancies found there. */
export declare class RepairsReader {
    private readonly bee;
    constructor(bee: Hyperbee);
    repair(id: string): Promise<RepairRecord | null>;
    device(code: string): Promise<DeviceRecord | null>;
    /** A repair by its id or its device's code (what was scanned), with its device. */
    find(idOrDevice: string): Promise<RepairWithDevice | null>;
    /** Repairs, newest intake first: open ones (one short range) or all. */
    repairs(open: boolean, limit: number): Promise<RepairWithDevice[]>;
    discrepancies(limit: number): Promise<DiscrepancyRecord[]>;
    discrepancy(id: string): Promise<DiscrepancyRecord | null>;
}
