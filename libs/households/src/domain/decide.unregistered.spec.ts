import { describe, it } from '@jest/globals';
import type { MemberInput } from './commands.js';
import {
  CHILD_ID,
  COMMANDS_ON_A_HOUSEHOLD,
  HEAD_ID,
  HOUSEHOLD_ID,
  SPOUSE_ID,
  VILLAGE,
  childInput,
  ev,
  given,
  headInput,
  registerCommand,
  residentId,
  spouseInput,
  withWrongCheckChar,
} from './testing.spec-helpers.js';

/** A valid ID whose check character is X (sequence 057: 17th digit 7, male). */
const X_ID = '43102319800101057X';

/** headInput, spouseInput and childInput as they must appear in the event (written out). */
const FAMILY_AS_RECORDED = [
  {
    name: '李建国',
    idNumber: HEAD_ID,
    relation: 'HEAD' as const,
    sex: 'MALE' as const,
    birthDate: '1980-01-01',
    laborAbility: 'FULL' as const,
  },
  {
    name: '王秀英',
    idNumber: SPOUSE_ID,
    relation: 'SPOUSE' as const,
    sex: 'FEMALE' as const,
    birthDate: '1982-03-05',
    laborAbility: 'FULL' as const,
  },
  {
    name: '李明',
    idNumber: CHILD_ID,
    relation: 'CHILD' as const,
    sex: 'MALE' as const,
    birthDate: '2010-06-15',
    inSchool: true,
  },
];

const head = (idNumber: string, extra: Partial<MemberInput> = {}): MemberInput => ({
  name: '户主',
  idNumber,
  relation: 'HEAD',
  ...extra,
});

describe('Unregistered household', () => {
  describe('RegisterHousehold', () => {
    it('registers a registered-poor household, taking sex and birth date from the resident IDs', () => {
      given([])
        .when({
          type: 'RegisterHousehold',
          householdId: HOUSEHOLD_ID,
          areaCode: VILLAGE,
          address: '永兴县某镇某村3组',
          registeredPoor: true,
          identifiedYear: 2014,
          povertyCauses: ['ILLNESS', 'LACK_OF_SKILLS', 'ILLNESS'],
          effectiveDate: '2019-03-01',
          members: [
            {
              name: ' 李建国 ',
              idNumber: HEAD_ID,
              relation: 'HEAD',
              sex: 'MALE',
              health: 'CHRONIC_ILLNESS',
              laborAbility: 'PARTIAL',
            },
            { name: '王秀英', idNumber: SPOUSE_ID, relation: 'SPOUSE', laborAbility: 'FULL' },
            { name: '李明', idNumber: CHILD_ID, relation: 'CHILD', inSchool: true },
          ],
        })
        .then([
          {
            type: 'HouseholdRegistered',
            data: {
              householdId: HOUSEHOLD_ID,
              areaCode: VILLAGE,
              address: '永兴县某镇某村3组',
              registeredPoor: true,
              identifiedYear: 2014,
              povertyCauses: ['ILLNESS', 'LACK_OF_SKILLS'],
              members: [
                {
                  name: '李建国',
                  idNumber: HEAD_ID,
                  relation: 'HEAD',
                  sex: 'MALE',
                  birthDate: '1980-01-01',
                  health: 'CHRONIC_ILLNESS',
                  laborAbility: 'PARTIAL',
                },
                {
                  name: '王秀英',
                  idNumber: SPOUSE_ID,
                  relation: 'SPOUSE',
                  sex: 'FEMALE',
                  birthDate: '1982-03-05',
                  laborAbility: 'FULL',
                },
                {
                  name: '李明',
                  idNumber: CHILD_ID,
                  relation: 'CHILD',
                  sex: 'MALE',
                  birthDate: '2010-06-15',
                  inSchool: true,
                },
              ],
              effectiveDate: '2019-03-01',
            },
          },
        ]);
    });

    it('registers a non-poor household without identification year, causes or address', () => {
      given([])
        .when({
          type: 'RegisterHousehold',
          householdId: 'hh-2',
          areaCode: VILLAGE,
          registeredPoor: false,
          effectiveDate: '2020-01-10',
          members: [{ name: '张强', idNumber: X_ID, relation: 'HEAD' }],
        })
        .then([
          {
            type: 'HouseholdRegistered',
            data: {
              householdId: 'hh-2',
              areaCode: VILLAGE,
              registeredPoor: false,
              povertyCauses: [],
              members: [
                {
                  name: '张强',
                  idNumber: X_ID,
                  relation: 'HEAD',
                  sex: 'MALE',
                  birthDate: '1980-01-01',
                },
              ],
              effectiveDate: '2020-01-10',
            },
          },
        ]);
    });

    it('accepts an explicit sex that agrees with the 17th digit (even = FEMALE)', () => {
      given([])
        .when(
          registerCommand({
            registeredPoor: false,
            identifiedYear: undefined,
            povertyCauses: undefined,
            members: [head(SPOUSE_ID, { sex: 'FEMALE' })],
          }),
        )
        .then([
          {
            type: 'HouseholdRegistered',
            data: {
              householdId: HOUSEHOLD_ID,
              areaCode: VILLAGE,
              registeredPoor: false,
              povertyCauses: [],
              members: [
                {
                  name: '户主',
                  idNumber: SPOUSE_ID,
                  relation: 'HEAD',
                  sex: 'FEMALE',
                  birthDate: '1982-03-05',
                },
              ],
              effectiveDate: '2019-03-01',
            },
          },
        ]);
    });

    it('accepts a member born on the registration date', () => {
      const bornToday = residentId('20190301', '012');
      given([])
        .when(registerCommand({ members: [headInput, { ...childInput, idNumber: bornToday }] }))
        .then([
          {
            type: 'HouseholdRegistered',
            data: {
              householdId: HOUSEHOLD_ID,
              areaCode: VILLAGE,
              registeredPoor: true,
              identifiedYear: 2014,
              povertyCauses: ['ILLNESS'],
              members: [
                {
                  name: '李建国',
                  idNumber: HEAD_ID,
                  relation: 'HEAD',
                  sex: 'MALE',
                  birthDate: '1980-01-01',
                  laborAbility: 'FULL',
                },
                {
                  name: '李明',
                  idNumber: bornToday,
                  relation: 'CHILD',
                  sex: 'FEMALE',
                  birthDate: '2019-03-01',
                  inSchool: true,
                },
              ],
              effectiveDate: '2019-03-01',
            },
          },
        ]);
    });

    describe('area code', () => {
      it.each([
        ['a county code', '431023'],
        ['a township code', '431023101'],
        ['a 12-digit code ending in 000 (a township, not a village)', '431023101000'],
        ['a code starting with 00', '001023101201'],
        ['a code with letters', '43102310120A'],
        ['a 13-digit code', '4310231012011'],
        ['an empty code', ''],
      ])('rejects %s → INVALID_AREA_CODE', (_label, areaCode) => {
        given([]).when(registerCommand({ areaCode })).thenThrows('INVALID_AREA_CODE', { areaCode });
      });
    });

    describe('effective date', () => {
      it('accepts today', () => {
        given([])
          .when(registerCommand({ effectiveDate: '2026-11-28' }))
          .then([
            {
              type: 'HouseholdRegistered',
              data: {
                householdId: HOUSEHOLD_ID,
                areaCode: VILLAGE,
                registeredPoor: true,
                identifiedYear: 2014,
                povertyCauses: ['ILLNESS'],
                members: FAMILY_AS_RECORDED,
                effectiveDate: '2026-11-28',
              },
            },
          ]);
      });

      it('rejects tomorrow → FUTURE_DATE', () => {
        given([])
          .when(registerCommand({ effectiveDate: '2026-11-29' }))
          .thenThrows('FUTURE_DATE');
      });

      it.each(['2021-02-29', '2021-13-01', '2021/03/01', '20210301', ''])(
        'rejects the malformed or impossible date %p → INVALID_INPUT',
        (effectiveDate) => {
          given([]).when(registerCommand({ effectiveDate })).thenThrows('INVALID_INPUT');
        },
      );
    });

    describe('identification year and poverty causes', () => {
      it('requires an identification year for a registered-poor household', () => {
        given([])
          .when(registerCommand({ identifiedYear: undefined }))
          .thenThrows('MISSING_IDENTIFIED_YEAR');
      });

      it.each([2013, 2019])('accepts identification year %p (2013 … registration year)', (year) => {
        given([])
          .when(registerCommand({ identifiedYear: year }))
          .then([
            {
              type: 'HouseholdRegistered',
              data: {
                householdId: HOUSEHOLD_ID,
                areaCode: VILLAGE,
                registeredPoor: true,
                identifiedYear: year,
                povertyCauses: ['ILLNESS'],
                members: FAMILY_AS_RECORDED,
                effectiveDate: '2019-03-01',
              },
            },
          ]);
      });

      it.each([2012, 2020])('rejects identification year %p → INVALID_YEAR', (year) => {
        given([])
          .when(registerCommand({ identifiedYear: year }))
          .thenThrows('INVALID_YEAR');
      });

      it('rejects an identification year on a non-poor household → INVALID_INPUT', () => {
        given([])
          .when(registerCommand({ registeredPoor: false, povertyCauses: [] }))
          .thenThrows('INVALID_INPUT');
      });

      it('rejects poverty causes on a non-poor household → INVALID_INPUT', () => {
        given([])
          .when(
            registerCommand({
              registeredPoor: false,
              identifiedYear: undefined,
              povertyCauses: ['DISASTER'],
            }),
          )
          .thenThrows('INVALID_INPUT');
      });
    });

    describe('members and the head', () => {
      it('rejects a household without members → HEAD_REQUIRED', () => {
        given([])
          .when(registerCommand({ members: [] }))
          .thenThrows('HEAD_REQUIRED');
      });

      it('rejects members without a head → HEAD_REQUIRED', () => {
        given([])
          .when(registerCommand({ members: [{ ...headInput, relation: 'SPOUSE' }, childInput] }))
          .thenThrows('HEAD_REQUIRED');
      });

      it('rejects two heads → MULTIPLE_HEADS', () => {
        given([])
          .when(registerCommand({ members: [headInput, { ...spouseInput, relation: 'HEAD' }] }))
          .thenThrows('MULTIPLE_HEADS');
      });

      it('rejects the same resident ID twice in the input → DUPLICATE_MEMBER', () => {
        given([])
          .when(
            registerCommand({
              members: [headInput, spouseInput, { ...spouseInput, name: '王秀英（重复）' }],
            }),
          )
          .thenThrows('DUPLICATE_MEMBER');
      });

      it('rejects a person who is an active member of another household → MEMBER_IN_OTHER_HOUSEHOLD', () => {
        given([], { memberships: new Map([[SPOUSE_ID, 'hh-other']]) })
          .when(registerCommand())
          .thenThrows('MEMBER_IN_OTHER_HOUSEHOLD', {
            idNumber: SPOUSE_ID,
            householdId: 'hh-other',
          });
      });

      it('accepts a person whom the member index already lists in this same household', () => {
        given([], { memberships: new Map([[SPOUSE_ID, HOUSEHOLD_ID]]) })
          .when(
            registerCommand({ members: [headInput, { ...spouseInput, laborAbility: undefined }] }),
          )
          .then([
            {
              type: 'HouseholdRegistered',
              data: {
                householdId: HOUSEHOLD_ID,
                areaCode: VILLAGE,
                registeredPoor: true,
                identifiedYear: 2014,
                povertyCauses: ['ILLNESS'],
                members: [
                  {
                    name: '李建国',
                    idNumber: HEAD_ID,
                    relation: 'HEAD',
                    sex: 'MALE',
                    birthDate: '1980-01-01',
                    laborAbility: 'FULL',
                  },
                  {
                    name: '王秀英',
                    idNumber: SPOUSE_ID,
                    relation: 'SPOUSE',
                    sex: 'FEMALE',
                    birthDate: '1982-03-05',
                  },
                ],
                effectiveDate: '2019-03-01',
              },
            },
          ]);
      });

      it.each(['', '   '])('rejects the blank member name %p → INVALID_INPUT', (name) => {
        given([])
          .when(registerCommand({ members: [{ ...headInput, name }] }))
          .thenThrows('INVALID_INPUT');
      });
    });

    describe('resident ID', () => {
      it.each([
        ['17 digits', HEAD_ID.slice(0, 17)],
        ['19 digits', `${HEAD_ID}0`],
        ['a lowercase x check character', X_ID.toLowerCase()],
        ['a letter inside', `${HEAD_ID.slice(0, 5)}A${HEAD_ID.slice(6)}`],
        ['surrounding spaces', ` ${HEAD_ID} `],
        ['an empty string', ''],
      ])('rejects %s → INVALID_RESIDENT_ID (FORMAT)', (_label, idNumber) => {
        given([])
          .when(registerCommand({ members: [head(idNumber)] }))
          .thenThrows('INVALID_RESIDENT_ID', { idNumber, problem: 'FORMAT' });
      });

      it('rejects a wrong check character → INVALID_RESIDENT_ID (CHECK_DIGIT)', () => {
        const idNumber = withWrongCheckChar(HEAD_ID);
        given([])
          .when(registerCommand({ members: [head(idNumber)] }))
          .thenThrows('INVALID_RESIDENT_ID', { idNumber, problem: 'CHECK_DIGIT' });
      });

      it('rejects a digit check character where X is due → INVALID_RESIDENT_ID (CHECK_DIGIT)', () => {
        const idNumber = `${X_ID.slice(0, 17)}0`;
        given([])
          .when(registerCommand({ members: [head(idNumber)] }))
          .thenThrows('INVALID_RESIDENT_ID', { problem: 'CHECK_DIGIT' });
      });

      it.each([
        ['19990231', 'February 31st'],
        ['19990229', 'February 29th of a common year'],
        ['19801301', 'month 13'],
        ['19800100', 'day 0'],
        ['18991231', 'a year before 1900'],
      ])(
        'rejects the impossible birth date %s (%s) even with a correct check character → BIRTH_DATE',
        (birth) => {
          const idNumber = residentId(birth, '011');
          given([])
            .when(registerCommand({ members: [head(idNumber)] }))
            .thenThrows('INVALID_RESIDENT_ID', { idNumber, problem: 'BIRTH_DATE' });
        },
      );

      it('accepts a leap-day birth date (20000229)', () => {
        const idNumber = residentId('20000229', '011');
        given([])
          .when(
            registerCommand({
              registeredPoor: false,
              identifiedYear: undefined,
              povertyCauses: undefined,
              members: [head(idNumber)],
            }),
          )
          .then([
            {
              type: 'HouseholdRegistered',
              data: {
                householdId: HOUSEHOLD_ID,
                areaCode: VILLAGE,
                registeredPoor: false,
                povertyCauses: [],
                members: [
                  {
                    name: '户主',
                    idNumber,
                    relation: 'HEAD',
                    sex: 'MALE',
                    birthDate: '2000-02-29',
                  },
                ],
                effectiveDate: '2019-03-01',
              },
            },
          ]);
      });

      it('rejects a member born after the registration date → INVALID_RESIDENT_ID', () => {
        const idNumber = residentId('20190302', '011');
        given([])
          .when(registerCommand({ members: [headInput, { ...childInput, idNumber }] }))
          .thenThrows('INVALID_RESIDENT_ID');
      });

      it('rejects FEMALE for an odd 17th digit → RESIDENT_ID_SEX_MISMATCH', () => {
        given([])
          .when(registerCommand({ members: [{ ...headInput, sex: 'FEMALE' }] }))
          .thenThrows('RESIDENT_ID_SEX_MISMATCH', { idNumber: HEAD_ID });
      });

      it('rejects MALE for an even 17th digit → RESIDENT_ID_SEX_MISMATCH', () => {
        given([])
          .when(registerCommand({ members: [headInput, { ...spouseInput, sex: 'MALE' }] }))
          .thenThrows('RESIDENT_ID_SEX_MISMATCH', { idNumber: SPOUSE_ID });
      });
    });
  });

  describe.each(COMMANDS_ON_A_HOUSEHOLD.map((c) => [c.type, c] as const))(
    '%s',
    (_type, command) => {
      it('is rejected → HOUSEHOLD_NOT_FOUND', () => {
        given([]).when(command).thenThrows('HOUSEHOLD_NOT_FOUND');
      });
    },
  );
});

describe('Registering twice', () => {
  it.each([
    ['a registered-poor household', [ev.registeredPoor()]],
    ['a non-poor household', [ev.registeredNonPoor()]],
  ])('is rejected for %s → HOUSEHOLD_ALREADY_REGISTERED', (_label, events) => {
    given(events).when(registerCommand()).thenThrows('HOUSEHOLD_ALREADY_REGISTERED');
  });
});
