import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '../event-store.port.js';
import type { Projection, ProjectionBatch } from './projection.js';
import { selectRowsWhereIn, writeRows, type TableShape } from './row-batches.js';

/**
 * A read model written once: a projection is one pure `evolve` over the rows it owns, and this
 * module turns it into the runner's unit of work. For each batch the rows of the partitions
 * (households, say) that the events touch are loaded once per table, every event is folded into
 * them in memory, and each changed row is written once at `flush`. A single event is the same
 * thing with a batch of one, so there is no second code path to keep in step.
 */

/** How one table of a row projection is held during a unit of work. */
export interface RowTable<Row extends object> {
  readonly shape: TableShape<Row>;
  /**
   * The column rows are grouped and loaded by (the event's partition, e.g. `household_id`).
   * Absent: the table is insert-only and never read back; `insert` skips keys already stored.
   */
  readonly partition?: keyof Row & string;
  /**
   * The event types whose evolve reads or changes this table's existing rows (default: every
   * type). A batch loads the table's rows only for the partitions of such events; in other
   * partitions the table takes inserts only, until a later event loads it.
   */
  readonly loadFor?: readonly string[];
}

export type RowTables<Tables> = { readonly [K in keyof Tables]: RowTable<Tables[K] & object> };

/** The rows of one table in the partition an event belongs to, as an `evolve` sees them. */
export interface PartitionRows<Row extends object> {
  /** Every row of the partition, stored or added in this unit of work (loaded tables only). */
  all(): readonly Row[];
  /** The first row matching `where` (loaded tables only). */
  find(where: (row: Row) => boolean): Row | undefined;
  /** Adds the row unless one with the same key is already there (`on conflict do nothing`). */
  insert(row: Row): void;
  /** Changes a row returned by `all` or `find`; it is written at flush. */
  update(row: Row, changes: Partial<Row>): void;
}

export type PartitionView<Tables> = {
  readonly [K in keyof Tables]: PartitionRows<Tables[K] & object>;
};

export interface RowProjectionDefinition<Event, Tables> {
  readonly name: string;
  readonly version?: number;
  readonly handles: ReadonlySet<string>;
  readonly tables: RowTables<Tables>;
  migrate(db: Kysely<any>): Promise<void>;
  /** The stored event as the projection reads it (upcast, typed). */
  decode(event: RecordedEvent): Event;
  /** The partition (value of each table's partition column) the event belongs to. */
  partitionOf(event: Event): string;
  /** Folds one event into its partition's rows. Pure apart from the view it is given. */
  evolve(event: Event, rows: PartitionView<Tables>): void;
}

export function rowProjection<Event, Tables>(
  definition: RowProjectionDefinition<Event, Tables>,
): Projection {
  const specs = Object.values(definition.tables) as RowTable<object>[];
  return {
    name: definition.name,
    version: definition.version,
    handles: definition.handles,
    tables: specs.map((spec) => spec.shape.table),
    migrate: (db) => definition.migrate(db),
    batch: (trx) => new RowUnitOfWork(trx, definition),
  };
}

class RowUnitOfWork<Event, Tables> implements ProjectionBatch {
  private readonly stores: [name: string, rows: TableRows<object>][];
  /** The view of each partition seen since the last load (loads change what a view can do). */
  private readonly views = new Map<string, PartitionView<Tables>>();

  constructor(
    private readonly trx: Transaction<any>,
    private readonly definition: RowProjectionDefinition<Event, Tables>,
  ) {
    const tables = definition.tables as Record<string, RowTable<object>>;
    this.stores = Object.entries(tables).map(([name, spec]) => [name, new TableRows(spec)]);
  }

  async add(recorded: readonly RecordedEvent[]): Promise<void> {
    const events = recorded.map((e) => this.definition.decode(e));
    const partitions = events.map((e) => this.definition.partitionOf(e));
    for (const [, store] of this.stores) await store.load(this.trx, recorded, partitions);
    this.views.clear();
    for (let i = 0; i < events.length; i++) {
      this.definition.evolve(events[i]!, this.viewOf(partitions[i]!));
    }
  }

  async flush(): Promise<void> {
    for (const [, store] of this.stores) await store.flush(this.trx);
  }

  private viewOf(partition: string): PartitionView<Tables> {
    let view = this.views.get(partition);
    if (view === undefined) {
      const entries = this.stores.map(([name, store]) => [name, store.view(partition)] as const);
      view = Object.fromEntries(entries) as PartitionView<Tables>;
      this.views.set(partition, view);
    }
    return view;
  }
}

/**
 * One table's rows in a unit of work: loaded by partition, changed in memory, written once.
 * A partition that is not loaded takes inserts only, kept aside and written with `on conflict do
 * nothing`; if a later event loads it, they join the loaded rows (a stored row with the same key
 * wins, as the insert would have been skipped).
 */
class TableRows<Row extends object> {
  private readonly loaded = new Map<string, Row[]>();
  private readonly changed = new Set<Row>();
  private readonly pending = new Map<string, Row[]>();
  private readonly loadFor?: ReadonlySet<string>;

  constructor(private readonly spec: RowTable<Row>) {
    if (spec.loadFor) this.loadFor = new Set(spec.loadFor);
  }

  async load(
    trx: Transaction<any>,
    events: readonly RecordedEvent[],
    partitions: readonly string[],
  ): Promise<void> {
    const column = this.spec.partition;
    if (column === undefined) return;
    const wanted = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      if (!this.loadFor || this.loadFor.has(events[i]!.type)) wanted.add(partitions[i]!);
    }
    const missing = [...wanted].filter((p) => !this.loaded.has(p));
    if (missing.length === 0) return;
    for (const p of missing) this.loaded.set(p, []);
    for (const row of await selectRowsWhereIn<Row>(trx, this.spec.shape, column, missing)) {
      this.loaded.get(String(row[column]))!.push(row);
    }
    for (const p of missing) {
      const rows = this.loaded.get(p)!;
      for (const row of this.pending.get(p) ?? []) {
        if (rows.some((other) => this.sameKey(other, row))) continue;
        rows.push(row);
        this.changed.add(row);
      }
      this.pending.delete(p);
    }
  }

  view(partition: string): PartitionRows<Row> {
    const rows = this.loaded.get(partition);
    if (rows === undefined) return this.insertOnly(partition);
    return {
      all: () => rows,
      find: (where) => rows.find(where),
      insert: (row) => {
        if (rows.some((other) => this.sameKey(other, row))) return;
        rows.push(row);
        this.changed.add(row);
      },
      update: (row, changes) => {
        Object.assign(row, changes);
        this.changed.add(row);
      },
    };
  }

  async flush(trx: Transaction<any>): Promise<void> {
    if (this.changed.size > 0) {
      await writeRows(trx, this.spec.shape, [...this.changed], 'update');
      this.changed.clear();
    }
    if (this.pending.size > 0) {
      await writeRows(trx, this.spec.shape, [...this.pending.values()].flat(), 'ignore');
      this.pending.clear();
    }
  }

  private insertOnly(partition: string): PartitionRows<Row> {
    const table = this.spec.shape.table;
    const unread = (): never => {
      throw new Error(
        `${table}: the rows of ${partition} were not loaded for this event (see RowTable.loadFor)`,
      );
    };
    return {
      all: unread,
      find: unread,
      update: unread,
      insert: (row) => {
        let rows = this.pending.get(partition);
        if (rows === undefined) this.pending.set(partition, (rows = []));
        if (!rows.some((other) => this.sameKey(other, row))) rows.push(row);
      },
    };
  }

  private sameKey(a: Row, b: Row): boolean {
    return this.spec.shape.key.every((c) => a[c] === b[c]);
  }
}
