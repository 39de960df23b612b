/**
 * A long array whose items are made only while it is written (src/report/json.ts): a
 * 10,000-cycle result then never holds every cycle's JSON objects at once, only a run of them. Written in one
 * JSON.stringify (a small document), it is the plain array (toJSON); written in pieces, its
 * items are made a run at a time. `make` must be pure: an item may be made more than once.
 */
export class LazyItems<T> {
  constructor(
    readonly length: number,
    private readonly make: (index: number) => T,
  ) {}

  item(index: number): T {
    return this.make(index);
  }

  toJSON(): T[] {
    return Array.from({ length: this.length }, (_, i) => this.make(i));
  }
}

/** Items made at once, or made when read (LazyItems). */
export type Items<T> = T[] | LazyItems<T>;

/** Item `index` of either kind. */
export function itemOf<T>(items: Items<T>, index: number): T {
  return Array.isArray(items) ? items[index]! : items.item(index);
}

/** Every item, made now. */
export function allItems<T>(items: Items<T>): T[] {
  return Array.isArray(items) ? items : items.toJSON();
}


/** `f` of every item, made as each is read when `items` are (LazyItems), else at once. */
export function mapItems<T, U>(items: Items<T>, f: (item: T) => U): Items<U> {
  return Array.isArray(items) ? items.map(f) : new LazyItems(items.length, (i) => f(items.item(i)));
}
