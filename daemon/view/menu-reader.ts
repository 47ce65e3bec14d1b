import type Hyperbee from 'hyperbee'
import type { ItemShiftRecord, MenuItemRecord, ThrottleRecord } from '../../protocol/index.js'
import { MENU_RANGE, THROTTLE_RANGE, itemShiftKey, itemShiftRange, menuKey, menuNumberKey, throttleKey } from './keys.js'
import { getValue } from './read.js'

/** The menu, each item's standing in a shift, and the stations' throttles. */
export class MenuReader {
  constructor(private readonly bee: Hyperbee) {}

  item(id: string): Promise<MenuItemRecord | null> {
    return getValue<MenuItemRecord>(this.bee, menuKey(id))
  }

  async byNumber(n: number): Promise<MenuItemRecord | null> {
    const id = await getValue<string>(this.bee, menuNumberKey(n))
    return id === null ? null : this.item(id)
  }

  async items(): Promise<MenuItemRecord[]> {
    const out: MenuItemRecord[] = []
    for await (const { value } of this.bee.createReadStream(MENU_RANGE)) out.push(value as MenuItemRecord)
    return out.sort((a, b) => a.number - b.number)
  }

  async inShift(shift: string, item: string): Promise<ItemShiftRecord> {
    return (await getValue<ItemShiftRecord>(this.bee, itemShiftKey(shift, item))) ?? { shift, item, portions: null, sold: 0, out: false }
  }

  async shiftItems(shift: string): Promise<Map<string, ItemShiftRecord>> {
    const out = new Map<string, ItemShiftRecord>()
    for await (const { value } of this.bee.createReadStream(itemShiftRange(shift))) {
      const rec = value as ItemShiftRecord
      out.set(rec.item, rec)
    }
    return out
  }

  throttle(station: string): Promise<ThrottleRecord | null> {
    return getValue<ThrottleRecord>(this.bee, throttleKey(station))
  }

  async throttles(): Promise<ThrottleRecord[]> {
    const out: ThrottleRecord[] = []
    for await (const { value } of this.bee.createReadStream(THROTTLE_RANGE)) out.push(value as ThrottleRecord)
    return out
  }
}
