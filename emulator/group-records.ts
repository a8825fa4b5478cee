/** The records of one dataset group, indexed for filter evaluation and kept in step with imports and events. */
import type { DatasetType } from '../schema/model';
import type { DatasetRecords, InteractionRecord, ItemRecord, UserRecord } from '../schema/records';
import type { FilterDataSource } from '../filter/types';

export class GroupRecords implements FilterDataSource {
  private interactionList: InteractionRecord[] = [];
  private readonly interactionsByUser = new Map<string, InteractionRecord[]>();
  private readonly itemsById = new Map<string, ItemRecord>();
  private readonly usersById = new Map<string, UserRecord>();

  item(itemId: string): ItemRecord | undefined {
    return this.itemsById.get(itemId);
  }

  user(userId: string): UserRecord | undefined {
    return this.usersById.get(userId);
  }

  /** Returns the user's interactions, oldest first. */
  interactions(userId: string): readonly InteractionRecord[] {
    return this.interactionsByUser.get(userId) ?? [];
  }

  /** Copies every record into the shape training takes. */
  snapshot(): DatasetRecords {
    return {
      interactions: [...this.interactionList],
      items: [...this.itemsById.values()],
      users: [...this.usersById.values()],
    };
  }

  count(datasetType: DatasetType): number {
    if (datasetType === 'Interactions') return this.interactionList.length;
    if (datasetType === 'Items') return this.itemsById.size;
    return this.usersById.size;
  }

  /** Removes every record of one dataset type, as a FULL import or a dataset deletion does. */
  clear(datasetType: DatasetType): void {
    if (datasetType === 'Interactions') {
      this.interactionList = [];
      this.interactionsByUser.clear();
    } else if (datasetType === 'Items') {
      this.itemsById.clear();
    } else {
      this.usersById.clear();
    }
  }

  addInteractions(records: readonly InteractionRecord[]): void {
    for (const record of records) {
      this.interactionList.push(record);
      const list = this.interactionsByUser.get(record.userId);
      if (list === undefined) {
        this.interactionsByUser.set(record.userId, [record]);
      } else {
        list.push(record);
        // Bulk rows and events can arrive out of time order; keep each user's list oldest first.
        if (list.length > 1 && list[list.length - 2].timestamp > record.timestamp) {
          list.sort((a, b) => a.timestamp - b.timestamp);
        }
      }
    }
  }

  /** Adds items, replacing any with the same id. */
  putItems(records: readonly ItemRecord[]): void {
    for (const record of records) this.itemsById.set(record.itemId, record);
  }

  /** Adds users, replacing any with the same id. */
  putUsers(records: readonly UserRecord[]): void {
    for (const record of records) this.usersById.set(record.userId, record);
  }
}
