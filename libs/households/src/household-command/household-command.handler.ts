import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  ConcurrencyError,
  ProjectionTimeoutError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '#app/event-store';
import { decide } from '../commands/decide.js';
import type { HouseholdCommand } from '../commands/household-command.js';
import {
  evolve,
  HOUSEHOLD_EVENT_SCHEMA_VERSIONS,
  householdStream,
  initialState,
  toHouseholdEvent,
  type HouseholdEvent,
  type PolicyBook,
} from '../domain/index.js';
import type { Clock } from '../infrastructure/clock.js';
import { newUuid, toHouseholdId, uuidV5 } from '../infrastructure/ids.js';
import { InputError } from '../shared/input-error.js';
import { KeyedMutex } from '../shared/keyed-mutex.js';
import {
  CLOCK,
  EVENT_STORE,
  POLICY_BOOK,
  READ_MODEL_SYNC,
  type ReadModelSync,
} from '../shared/tokens.js';
import {
  ExecuteHouseholdCommand,
  type CommandOptions,
  type HouseholdCommandResult,
} from './household-command.js';
import { MEMBERSHIP_INDEX, type MembershipIndex } from './membership-index.port.js';

const MAX_ATTEMPTS = 3;
/** How long a command waits behind others on the same household or person. */
const LOCK_WAIT_MS = 30_000;

/**
 * Load the stream, decide, append with the revision that was read, wait for the read models.
 * Every household use case goes through here; the deciders hold the rules.
 */
@CommandHandler(ExecuteHouseholdCommand)
export class HouseholdCommandHandler implements ICommandHandler<
  ExecuteHouseholdCommand,
  HouseholdCommandResult
> {
  private readonly logger = new Logger('HouseholdCommand');
  private readonly locks = new KeyedMutex();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MEMBERSHIP_INDEX) private readonly membershipIndex: MembershipIndex,
    @Inject(READ_MODEL_SYNC) private readonly sync: ReadModelSync,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_BOOK) private readonly policy: PolicyBook,
  ) {}

  async execute({
    householdId: rawId,
    command,
    options,
  }: ExecuteHouseholdCommand): Promise<HouseholdCommandResult> {
    const householdId = toHouseholdId(rawId);
    // Commands on one household queue here instead of failing on each other's revision. The
    // one-person-one-household rule reads a projection; holding the resident-ID locks until the
    // read models include the append closes that race between two commands in this process.
    const residents = residentIdsOf(command);
    const keys = [`household:${householdId}`, ...residents.map((id) => `resident:${id}`)];
    const result = await this.locks.run(
      keys,
      () => this.decideAndAppend(householdId, command, options),
      {
        waitMs: LOCK_WAIT_MS,
        // Appended but not yet in the member index: keep those people locked until it is, or a
        // second household could take them meanwhile. The cadre gets the timeout error at once,
        // and the household itself stays open to other commands.
        holdOnError: (error) =>
          error instanceof ProjectionTimeoutError && residents.length > 0
            ? {
                keys: residents.map((id) => `resident:${id}`),
                until: this.sync.waitFor(error.position, 10 * 60_000),
              }
            : undefined,
      },
    );

    this.logger.log({
      message: 'command executed',
      command: command.type,
      ...result,
      commandId: options.commandId,
    });
    return result;
  }

  private async decideAndAppend(
    householdId: string,
    command: HouseholdCommand,
    options: CommandOptions,
  ): Promise<HouseholdCommandResult> {
    const stream = householdStream(householdId);
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(stream);
      const earlier = options.commandId
        ? history.filter((e) => e.metadata.commandId === options.commandId)
        : [];
      if (earlier.length > 0) {
        const firstType = earlier[0]!.metadata.commandType;
        if (firstType !== undefined && firstType !== command.type) {
          throw new InputError(
            'COMMAND_ID_REUSED',
            `命令编号 ${options.commandId} 已用于另一项操作（${firstType}），请为新的操作使用新的编号`,
          );
        }
        return this.settled(householdId, earlier, earlier.at(-1)!);
      }

      const revision = history.length - 1;
      // On a household that does not exist, the decider's HOUSEHOLD_NOT_FOUND says more.
      const exists = revision !== -1 || command.type === 'RegisterHousehold';
      if (
        exists &&
        options.expectedRevision !== undefined &&
        options.expectedRevision !== revision
      ) {
        throw new ConcurrencyError(stream, options.expectedRevision, revision);
      }
      const state = history.map(toHouseholdEvent).reduce(evolve, initialState);
      const events = decide(state, command, {
        today: this.clock.today(),
        policy: this.policy,
        newId: idSource(options.commandId),
        ...(await this.membershipIndex.lookUp(residentIdsOf(command))),
      });
      try {
        const appended = await this.store.append(
          stream,
          this.toNewEvents(events, command.type, options),
          revision === -1 ? 'no_stream' : revision,
        );
        return this.settled(householdId, events, {
          revision: appended.nextExpectedRevision,
          position: appended.position,
        });
      } catch (error) {
        // Without a client expectation, a concurrent writer just means: decide again on fresh state.
        const retry = error instanceof ConcurrencyError && options.expectedRevision === undefined;
        if (!retry || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private toNewEvents(
    events: HouseholdEvent[],
    commandType: string,
    options: CommandOptions,
  ): NewEvent[] {
    const recordedAt = this.clock.now().toISOString();
    return events.map((event, i) => ({
      // Derived from the command id, so a concurrent duplicate of the same command is
      // recognised by the event store as a retry and written once.
      eventId: options.commandId ? uuidV5(`${options.commandId}#${i}`) : newUuid(),
      type: event.type,
      schemaVersion: HOUSEHOLD_EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data,
      metadata: {
        recordedAt,
        ...(options.commandId && { commandId: options.commandId, commandType }),
        ...(options.actor && { actor: options.actor }),
        ...(options.correlationId && { correlationId: options.correlationId }),
        ...(options.commandId && { causationId: options.commandId }),
      },
    }));
  }

  /** The result once the read models include the command's events (read-your-writes). */
  private async settled(
    householdId: string,
    events: readonly Pick<RecordedEvent, 'type' | 'data'>[],
    last: { revision: number; position: number },
  ): Promise<HouseholdCommandResult> {
    await this.sync.waitFor(last.position);
    const data = (type: string) =>
      events.filter((e) => e.type === type).map((e) => e.data as Record<string, string>);
    return {
      householdId,
      revision: last.revision,
      position: last.position,
      visitId: data('VisitLogged')[0]?.visitId,
      problemIds: data('ProblemRecorded').map((d) => d.problemId!),
      assistanceId: data('AssistanceRecorded')[0]?.assistanceId,
    };
  }
}

function residentIdsOf(command: HouseholdCommand): string[] {
  if (command.type === 'RegisterHousehold') return command.members.map((m) => m.idNumber);
  if (command.type === 'AddMember') return [command.member.idNumber];
  return [];
}

/** Ids for new records: derived from the command id when there is one, random otherwise. */
function idSource(commandId: string | undefined): () => string {
  let n = 0;
  return () => (commandId ? uuidV5(`${commandId}/id/${n++}`) : newUuid());
}
