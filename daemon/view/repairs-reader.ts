import type Hyperbee from 'hyperbee'
import type { DeviceRecord, DiscrepancyRecord, RepairRecord } from '../../protocol/index.js'
import { DISCREPANCY_RANGE, OPEN_REPAIR_RANGE, REPAIR_RANGE, deviceKey, discrepancyKey, repairKey } from './keys.js'
import { getValue } from './read.js'

export interface RepairWithDevice {
  repair: RepairRecord
  device: DeviceRecord
}

/** The repair bench: repairs with their devices, and the discrepancies found there. */
export class RepairsReader {
  constructor(private readonly bee: Hyperbee) {}

  repair(id: string): Promise<RepairRecord | null> {
    return getValue<RepairRecord>(this.bee, repairKey(id))
  }

  device(code: string): Promise<DeviceRecord | null> {
    return getValue<DeviceRecord>(this.bee, deviceKey(code))
  }

  /** A repair by its id or its device's code (what was scanned), with its device. */
  async find(idOrDevice: string): Promise<RepairWithDevice | null> {
    const code = idOrDevice.trim()
    let repair = await this.repair(code)
    if (repair === null) {
      const device = await this.device(code)
      if (device !== null) repair = await this.repair(device.repair)
    }
    if (repair === null) return null
    const device = await this.device(repair.device)
    return device === null ? null : { repair, device }
  }

  /** Repairs, newest intake first: open ones (one short range) or all. */
  async repairs(open: boolean, limit: number): Promise<RepairWithDevice[]> {
    const out: RepairWithDevice[] = []
    const range = open ? OPEN_REPAIR_RANGE : REPAIR_RANGE
    const prefix = open ? 'repair-open/' : 'repair/'
    // ids start with the taking node's key, so key order is not time order: read, then sort
    for await (const { key } of this.bee.createReadStream({ ...range, limit: 5000 })) {
      const found = await this.find(String(key).slice(prefix.length))
      if (found !== null) out.push(found)
    }
    return out.sort((a, b) => b.device.at - a.device.at || (a.repair.id < b.repair.id ? -1 : 1)).slice(0, limit)
  }

  async discrepancies(limit: number): Promise<DiscrepancyRecord[]> {
    const out: DiscrepancyRecord[] = []
    for await (const { value } of this.bee.createReadStream({ ...DISCREPANCY_RANGE, limit: 5000 })) out.push(value as DiscrepancyRecord)
    return out.sort((a, b) => b.at - a.at).slice(0, limit)
  }

  discrepancy(id: string): Promise<DiscrepancyRecord | null> {
    return getValue<DiscrepancyRecord>(this.bee, discrepancyKey(id))
  }
}
