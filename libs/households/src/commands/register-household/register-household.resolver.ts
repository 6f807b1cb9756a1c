import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import {
  HouseholdCommands,
  HouseholdMutationResult,
  type RequestContext,
} from '../../graphql/household-mutation.js';
import { normalizeMember } from '../../graphql/member.input.js';
import { newUuid, toHouseholdId, uuidV5 } from '../../infrastructure/ids.js';
import { RegisterHouseholdInput } from './register-household.input.js';

@Resolver()
export class RegisterHouseholdResolver {
  constructor(private readonly commands: HouseholdCommands) {}

  @Mutation(() => HouseholdMutationResult, { description: '登记一户（建档立卡户或非建档立卡户）' })
  registerHousehold(@Args('input') input: RegisterHouseholdInput, @Context() ctx: RequestContext) {
    // A retry without a household id must land on the same stream, so derive it from the command id.
    const householdId = input.householdId
      ? toHouseholdId(input.householdId)
      : input.commandId
        ? uuidV5(`household:${input.commandId}`)
        : newUuid();
    return this.commands.run({ ...input, householdId }, ctx, {
      type: 'RegisterHousehold',
      householdId,
      areaCode: input.areaCode,
      address: input.address,
      registeredPoor: input.registeredPoor,
      identifiedYear: input.identifiedYear,
      povertyCauses: input.povertyCauses,
      effectiveDate: input.effectiveDate,
      members: input.members.map(normalizeMember),
    });
  }
}
