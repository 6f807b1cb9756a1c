import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { HouseholdCommand } from '../commands/household-command.js';
import {
  ExecuteHouseholdCommand,
  type HouseholdCommandResult,
} from '../household-command/household-command.js';
import { InputError } from '../shared/input-error.js';

/** What a resolver knows of the request; filled in by the GraphQL context factory. */
export interface RequestContext {
  actor: string;
  correlationId: string;
}

@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field(() => ID, {
    nullable: true,
    description: '客户端生成的命令编号；网络重试时带上同一编号，不会重复记录',
  })
  commandId?: string;
}

@InputType({ isAbstract: true })
export abstract class HouseholdCommandInput extends CommandInput {
  @Field(() => ID, { description: '户编号（UUID）' })
  householdId!: string;

  @Field(() => Int, {
    nullable: true,
    description: '客户端所见的版本号；与当前版本不符时返回 CONCURRENCY_CONFLICT',
  })
  expectedRevision?: number;
}

@ObjectType({ description: '命令执行结果；返回时查询视图已包含本次变更' })
export class HouseholdMutationResult {
  @Field(() => ID) householdId!: string;
  @Field(() => Int, { description: '本户事件流的最新版本号' }) revision!: number;
  @Field(() => Int, { description: '全局日志位置' }) position!: number;
  @Field(() => ID, { nullable: true }) visitId?: string;
  @Field(() => [ID], { description: '本次走访发现的问题编号' }) problemIds!: string[];
  @Field(() => ID, { nullable: true }) assistanceId?: string;
}

/** Bounds on any one input, so an oversized request is refused before it reaches the domain. */
export const INPUT_LIMITS = { maxListLength: 50, maxTextLength: 2000 } as const;

/** The shared path of every household mutation: bound the input, send the command. */
@Injectable()
export class HouseholdCommands {
  constructor(private readonly commandBus: CommandBus) {}

  run(
    input: CommandInput & { householdId: string; expectedRevision?: number },
    context: RequestContext,
    command: HouseholdCommand,
  ): Promise<HouseholdCommandResult> {
    checkBounds(input, 'input');
    return this.commandBus.execute(
      new ExecuteHouseholdCommand(input.householdId, withoutNulls(command), {
        commandId: input.commandId,
        expectedRevision: input.expectedRevision,
        actor: context.actor,
        correlationId: context.correlationId,
      }),
    );
  }
}

/** The command's own fields of an input: everything but the envelope (id, commandId, revision). */
export function fieldsOf<T extends HouseholdCommandInput>(
  input: T,
): Omit<T, 'householdId' | 'commandId' | 'expectedRevision'> {
  const { householdId: _id, commandId: _command, expectedRevision: _revision, ...fields } = input;
  return fields;
}

/**
 * A client may send `null` for an optional field; the domain knows only "absent", so nulls are
 * dropped (a null `sex` must not be taken for a sex that contradicts the resident ID).
 */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  ) as T;
}

function checkBounds(value: unknown, path: string): void {
  if (typeof value === 'string' && value.length > INPUT_LIMITS.maxTextLength) {
    throw new InputError(
      'INPUT_TOO_LARGE',
      `${path} 过长（最多 ${INPUT_LIMITS.maxTextLength} 字）`,
    );
  }
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.maxListLength) {
      throw new InputError(
        'INPUT_TOO_LARGE',
        `${path} 条目过多（最多 ${INPUT_LIMITS.maxListLength} 条）`,
      );
    }
    value.forEach((v, i) => checkBounds(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkBounds(v, `${path}.${k}`);
  }
}
