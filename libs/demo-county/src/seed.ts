import type { CommandBus } from '@nestjs/cqrs';
import {
  ExecuteHouseholdCommand,
  type HouseholdCommand,
  type HouseholdCommandResult,
} from '#app/households';
import { planDemoCounty, type DemoPlan, type PlannedHousehold } from './plan.js';

export interface SeedOptions {
  /** Called after every command: commands done so far, and the total. */
  onProgress?(done: number, total: number): void;
  /** Households in flight at once; each household's commands go one after another. */
  concurrency?: number;
  /** Shrinks the county in proportion (0 < scale ≤ 1); ignored when `plan` is given. */
  scale?: number;
  seed?: number;
  /** A plan made earlier with planDemoCounty. */
  plan?: DemoPlan;
  /** Recorded as the actor of every event. */
  actor?: string;
}

export interface SeedResult {
  commands: number;
  households: number;
}

export const DEFAULT_SEED_CONCURRENCY = 32;

/**
 * Sends the demo county's commands through the command bus — the path GraphQL mutations take, so
 * every rule of the deciders holds. Households run concurrently, each household's commands in
 * order. Every command carries its planned commandId, so seeding again into the same store
 * appends nothing new and finishes the job if an earlier run was interrupted.
 */
export async function seedDemoCounty(
  commandBus: CommandBus,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const plan = options.plan ?? planDemoCounty({ scale: options.scale, seed: options.seed });
  const concurrency = options.concurrency ?? DEFAULT_SEED_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const actor = options.actor ?? '演示数据生成';
  const total = plan.commandCount;
  let done = 0;
  let next = 0;
  let failed = false;

  const runHousehold = async (household: PlannedHousehold): Promise<void> => {
    const problemIds = new Map<string, string[]>();
    for (const planned of household.commands) {
      if (failed) return;
      let command: HouseholdCommand = planned.command;
      if (planned.problemOf && command.type === 'RectifyProblem') {
        const { visitCommandId, index } = planned.problemOf;
        const problemId = problemIds.get(visitCommandId)?.[index];
        if (problemId === undefined) {
          throw new Error(`问题未找到：走访命令 ${visitCommandId} 的第 ${index + 1} 个问题`);
        }
        command = { ...command, problemId };
      }
      let result: HouseholdCommandResult;
      try {
        result = await commandBus.execute<ExecuteHouseholdCommand, HouseholdCommandResult>(
          new ExecuteHouseholdCommand(household.householdId, command, {
            commandId: planned.commandId,
            actor,
            correlationId: planned.commandId,
          }),
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(
          `演示县生成失败：户 ${household.householdId}（${household.role}）命令 ${command.type}` +
            `（${planned.commandId}）被拒绝：${message}`,
          { cause: error },
        );
      }
      if (command.type === 'LogVisit' && result.problemIds.length > 0) {
        problemIds.set(planned.commandId, result.problemIds);
      }
      done++;
      options.onProgress?.(done, total);
    }
  };

  const worker = async (): Promise<void> => {
    while (!failed && next < plan.households.length) {
      const household = plan.households[next++]!;
      try {
        await runHousehold(household);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };

  const workers = Array.from({ length: Math.min(concurrency, plan.households.length) }, worker);
  const outcomes = await Promise.allSettled(workers);
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason;
  return { commands: done, households: plan.households.length };
}
