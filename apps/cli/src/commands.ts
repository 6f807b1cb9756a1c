import type { CliCommand } from './command.js';
import { exportEvents } from './export-events.js';
import { importEvents } from './import-events.js';
import { migrateEvents } from './migrate-events.js';
import { rebuildProjections } from './rebuild-projections.js';
import { report } from './report.js';
import { seedDemo } from './seed-demo.js';

/** Every command of the CLI; adding one is one line here. */
export const commands: readonly CliCommand[] = [
  seedDemo,
  rebuildProjections,
  exportEvents,
  importEvents,
  migrateEvents,
  report,
];
