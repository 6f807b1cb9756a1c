import type { HouseholdCommand } from '../commands/household-command.js';

export interface CommandOptions {
  /** Client-chosen id that makes a retry return the first result and append nothing. */
  commandId?: string;
  /** The revision the client last saw; a mismatch is a CONCURRENCY_CONFLICT. */
  expectedRevision?: number;
  actor?: string;
  correlationId?: string;
}

export interface HouseholdCommandResult {
  householdId: string;
  revision: number;
  position: number;
  /** Ids created by the command: visit, problems, assistance record. */
  visitId?: string;
  problemIds: string[];
  assistanceId?: string;
}

/** The one message the command bus carries for every household use case. */
export class ExecuteHouseholdCommand {
  constructor(
    readonly householdId: string,
    readonly command: HouseholdCommand,
    readonly options: CommandOptions = {},
  ) {}
}
