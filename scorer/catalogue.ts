/** Dense integer indexes for string ids, so that models can work on typed arrays. */
export class IdIndex {
  readonly ids: string[] = [];
  private readonly indexes = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  indexOf(id: string): number | undefined {
    return this.indexes.get(id);
  }

  /** Returns the index of `id`, adding it at the end when it is new. */
  add(id: string): number {
    let index = this.indexes.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(id);
      this.indexes.set(id, index);
    }
    return index;
  }
}
