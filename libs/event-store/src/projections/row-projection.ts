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
}

export type RowTables<Tables> = { readonly [K in keyof Tables]: RowTable<Tables[K] & object> };

/** The rows of one table in the partition an event belongs to, as an `evolve` sees them. */
export interface PartitionRows<Row extends object> {
  /** Every row of the partition, stored or added in this unit of work (partitioned tables only). */
  all(): readonly Row[];
  /** The first row matching `where` (partitioned tables only). */
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
  private readonly stores: Record<string, TableRows<object>>;

  constructor(
    private readonly trx: Transaction<any>,
    private readonly definition: RowProjectionDefinition<Event, Tables>,
  ) {
    const tables = definition.tables as Record<string, RowTable<object>>;
    this.stores = Object.fromEntries(
      Object.entries(tables).map(([name, spec]) => [name, new TableRows(spec)]),
    );
  }

  async add(recorded: readonly RecordedEvent[]): Promise<void> {
    const events = recorded.map((e) => this.definition.decode(e));
    const partitions = events.map((e) => this.definition.partitionOf(e));
    for (const store of Object.values(this.stores)) await store.load(this.trx, partitions);
    for (let i = 0; i < events.length; i++) {
      const partition = partitions[i]!;
      const view = Object.fromEntries(
        Object.entries(this.stores).map(([name, store]) => [name, store.view(partition)]),
      ) as PartitionView<Tables>;
      this.definition.evolve(events[i]!, view);
    }
  }

  async flush(): Promise<void> {
    for (const store of Object.values(this.stores)) await store.flush(this.trx);
  }
}

/** One table's rows in a unit of work: loaded by partition, changed in memory, written once. */
class TableRows<Row extends object> {
  private readonly byPartition = new Map<string, Row[]>();
  private readonly changed = new Set<Row>();
  /** Insert-only tables: new rows, written with `on conflict do nothing`. */
  private readonly inserted: Row[] = [];

  constructor(private readonly spec: RowTable<Row>) {}

  async load(trx: Transaction<any>, partitions: readonly string[]): Promise<void> {
    const column = this.spec.partition;
    if (column === undefined) return;
    const missing = [...new Set(partitions)].filter((p) => !this.byPartition.has(p));
    if (missing.length === 0) return;
    for (const p of missing) this.byPartition.set(p, []);
    for (const row of await selectRowsWhereIn<Row>(trx, this.spec.shape, column, missing)) {
      this.byPartition.get(String(row[column]))!.push(row);
    }
  }

  view(partition: string): PartitionRows<Row> {
    const { spec } = this;
    if (spec.partition === undefined) {
      const unread = (): never => {
        throw new Error(`${spec.shape.table} is insert-only: its rows are not loaded`);
      };
      return {
        all: unread,
        find: unread,
        insert: (row) => void this.inserted.push(row),
        update: unread,
      };
    }
    const rows = this.byPartition.get(partition)!;
    const sameKey = (a: Row, b: Row) => spec.shape.key.every((c) => a[c] === b[c]);
    return {
      all: () => rows,
      find: (where) => rows.find(where),
      insert: (row) => {
        if (rows.some((other) => sameKey(other, row))) return;
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
    if (this.inserted.length > 0) {
      await writeRows(trx, this.spec.shape, this.inserted, 'ignore');
      this.inserted.length = 0;
    }
  }
}
