import type Hyperbee from 'hyperbee'
import type { ScreenRecord, StationRecord } from '../../protocol/index.js'
import { SCREEN_RANGE, STATION_RANGE, screenKey, stationKey } from './keys.js'
import { getValue } from './read.js'

/** Kitchen stations and the KDS screens registered for them. */
export class StationsReader {
  constructor(private readonly bee: Hyperbee) {}

  station(id: string): Promise<StationRecord | null> {
    return getValue<StationRecord>(this.bee, stationKey(id))
  }

  async stations(): Promise<StationRecord[]> {
    const out: StationRecord[] = []
    for await (const { value } of this.bee.createReadStream(STATION_RANGE)) out.push(value as StationRecord)
    return out
  }

  screen(id: string): Promise<ScreenRecord | null> {
    return getValue<ScreenRecord>(this.bee, screenKey(id))
  }

  async screens(): Promise<ScreenRecord[]> {
    const out: ScreenRecord[] = []
    for await (const { value } of this.bee.createReadStream(SCREEN_RANGE)) out.push(value as ScreenRecord)
    return out
  }
}
