import { residentId } from '../../libs/households/src/domain/testing/resident-ids.js';
import type { TestApp } from './test-app.js';

export const VILLAGE = '431023100201';
export const OTHER_TOWNSHIP_VILLAGE = '431023101203';

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterHouseholdInput!) {
    registerHousehold(input: $input) {
      householdId
      revision
    }
  }
`;

let seq = 100;
/** Registers a household of `size` members (head first) and returns its id and members' IDs. */
export async function registerHousehold(
  app: TestApp,
  options: {
    registeredPoor?: boolean;
    areaCode?: string;
    effectiveDate?: string;
    size?: number;
    identifiedYear?: number;
  } = {},
): Promise<{ householdId: string; ids: string[] }> {
  const size = options.size ?? 3;
  const ids = Array.from({ length: size }, (_, i) =>
    residentId(i === 0 ? '1970-05-01' : `199${i}-03-0${i}`, ++seq),
  );
  const registeredPoor = options.registeredPoor ?? true;
  const data = await app.ok(REGISTER, {
    input: {
      areaCode: options.areaCode ?? VILLAGE,
      address: '永兴县某村某组',
      registeredPoor,
      ...(registeredPoor && {
        identifiedYear: options.identifiedYear ?? 2014,
        povertyCauses: ['ILLNESS'],
      }),
      effectiveDate: options.effectiveDate ?? '2014-10-01',
      members: ids.map((idNumber, i) => ({
        name: `成员${i}`,
        idNumber,
        relation: i === 0 ? 'HEAD' : 'CHILD',
        laborAbility: 'FULL',
      })),
    },
  });
  return { householdId: data.registerHousehold.householdId as string, ids };
}
