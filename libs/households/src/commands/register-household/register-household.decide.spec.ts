import { describe, it } from '@jest/globals';
import type { DecisionContext, MemberInput } from '../../domain/index.js';
import {
  CHILD_ID,
  DEREGISTERED_STREAMS,
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
} from '../testing.spec-helpers.js';

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

/** Registering with registerCommand(overrides), in an empty stream. */
const registering = (
  overrides: Parameters<typeof registerCommand>[0] = {},
  ctx: Partial<DecisionContext> = {},
) => given([], ctx).when(registerCommand(overrides));

/** registerCommand for a household not registered poor, with these members. */
const nonPoorWith = (members: MemberInput[]) =>
  registerCommand({
    registeredPoor: false,
    identifiedYear: undefined,
    povertyCauses: undefined,
    members,
  });

/** The sole head 户主 as recorded, born on the date the ID says. */
const soleHead = (idNumber: string, sex: 'MALE' | 'FEMALE', birthDate: string) => [
  { name: '户主', idNumber, relation: 'HEAD' as const, sex, birthDate },
];

describe('RegisterHousehold', () => {
  describe('on an unregistered household', () => {
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
          ev.registered({
            address: '永兴县某镇某村3组',
            povertyCauses: ['ILLNESS', 'LACK_OF_SKILLS'],
            members: [
              { ...FAMILY_AS_RECORDED[0]!, health: 'CHRONIC_ILLNESS', laborAbility: 'PARTIAL' },
              FAMILY_AS_RECORDED[1]!,
              FAMILY_AS_RECORDED[2]!,
            ],
          }),
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
          ev.registered({
            householdId: 'hh-2',
            registeredPoor: false,
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
          }),
        ]);
    });

    it('accepts an explicit sex that agrees with the 17th digit (even = FEMALE)', () => {
      given([])
        .when(nonPoorWith([head(SPOUSE_ID, { sex: 'FEMALE' })]))
        .then([ev.registeredNonPoor('2019-03-01', soleHead(SPOUSE_ID, 'FEMALE', '1982-03-05'))]);
    });

    it('accepts a member born on the registration date', () => {
      const bornToday = residentId('20190301', '012');
      registering({ members: [headInput, { ...childInput, idNumber: bornToday }] }).then([
        ev.registeredPoor('2019-03-01', [
          FAMILY_AS_RECORDED[0]!,
          {
            name: '李明',
            idNumber: bornToday,
            relation: 'CHILD',
            sex: 'FEMALE',
            birthDate: '2019-03-01',
            inSchool: true,
          },
        ]),
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
        registering({ areaCode }).thenThrows('INVALID_AREA_CODE', { areaCode });
      });
    });

    describe('effective date', () => {
      it('accepts today', () => {
        registering({ effectiveDate: '2026-11-28' }).then([
          ev.registeredPoor('2026-11-28', FAMILY_AS_RECORDED),
        ]);
      });

      it('rejects tomorrow → FUTURE_DATE', () => {
        registering({ effectiveDate: '2026-11-29' }).thenThrows('FUTURE_DATE');
      });

      it.each(['2021-02-29', '2021-13-01', '2021/03/01', '20210301', ''])(
        'rejects the malformed or impossible date %p → INVALID_INPUT',
        (effectiveDate) => {
          registering({ effectiveDate }).thenThrows('INVALID_INPUT');
        },
      );
    });

    describe('identification year and poverty causes', () => {
      it('requires an identification year for a registered-poor household', () => {
        registering({ identifiedYear: undefined }).thenThrows('MISSING_IDENTIFIED_YEAR');
      });

      it.each([2013, 2019])('accepts identification year %p (2013 … registration year)', (year) => {
        registering({ identifiedYear: year }).then([
          ev.registered({ identifiedYear: year, members: FAMILY_AS_RECORDED }),
        ]);
      });

      it.each([2012, 2020])('rejects identification year %p → INVALID_YEAR', (year) => {
        registering({ identifiedYear: year }).thenThrows('INVALID_YEAR');
      });

      it('rejects an identification year on a non-poor household → INVALID_INPUT', () => {
        registering({ registeredPoor: false, povertyCauses: [] }).thenThrows('INVALID_INPUT');
      });

      it('rejects poverty causes on a non-poor household → INVALID_INPUT', () => {
        registering({
          registeredPoor: false,
          identifiedYear: undefined,
          povertyCauses: ['DISASTER'],
        }).thenThrows('INVALID_INPUT');
      });
    });

    describe('members and the head', () => {
      it.each<[string, MemberInput[], 'HEAD_REQUIRED' | 'MULTIPLE_HEADS' | 'DUPLICATE_MEMBER']>([
        ['rejects a household without members → HEAD_REQUIRED', [], 'HEAD_REQUIRED'],
        [
          'rejects members without a head → HEAD_REQUIRED',
          [{ ...headInput, relation: 'SPOUSE' }, childInput],
          'HEAD_REQUIRED',
        ],
        [
          'rejects two heads → MULTIPLE_HEADS',
          [headInput, { ...spouseInput, relation: 'HEAD' }],
          'MULTIPLE_HEADS',
        ],
        [
          'rejects the same resident ID twice in the input → DUPLICATE_MEMBER',
          [headInput, spouseInput, { ...spouseInput, name: '王秀英（重复）' }],
          'DUPLICATE_MEMBER',
        ],
      ])('%s', (_name, members, code) => {
        registering({ members }).thenThrows(code);
      });

      it('rejects a person who is an active member of another household → MEMBER_IN_OTHER_HOUSEHOLD', () => {
        registering({}, { memberships: new Map([[SPOUSE_ID, 'hh-other']]) }).thenThrows(
          'MEMBER_IN_OTHER_HOUSEHOLD',
          { idNumber: SPOUSE_ID, householdId: 'hh-other' },
        );
      });

      it('accepts a person whom the member index already lists in this same household', () => {
        const spouseWithoutLabour = {
          name: '王秀英',
          idNumber: SPOUSE_ID,
          relation: 'SPOUSE' as const,
          sex: 'FEMALE' as const,
          birthDate: '1982-03-05',
        };
        registering(
          { members: [headInput, { ...spouseInput, laborAbility: undefined }] },
          { memberships: new Map([[SPOUSE_ID, HOUSEHOLD_ID]]) },
        ).then([ev.registeredPoor('2019-03-01', [FAMILY_AS_RECORDED[0]!, spouseWithoutLabour])]);
      });

      it.each(['', '   '])('rejects the blank member name %p → INVALID_INPUT', (name) => {
        registering({ members: [{ ...headInput, name }] }).thenThrows('INVALID_INPUT');
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
        registering({ members: [head(idNumber)] }).thenThrows('INVALID_RESIDENT_ID', {
          idNumber,
          problem: 'FORMAT',
        });
      });

      it('rejects a wrong check character → INVALID_RESIDENT_ID (CHECK_DIGIT)', () => {
        const idNumber = withWrongCheckChar(HEAD_ID);
        registering({ members: [head(idNumber)] }).thenThrows('INVALID_RESIDENT_ID', {
          idNumber,
          problem: 'CHECK_DIGIT',
        });
      });

      it('rejects a digit check character where X is due → INVALID_RESIDENT_ID (CHECK_DIGIT)', () => {
        const idNumber = `${X_ID.slice(0, 17)}0`;
        registering({ members: [head(idNumber)] }).thenThrows('INVALID_RESIDENT_ID', {
          problem: 'CHECK_DIGIT',
        });
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
          registering({ members: [head(idNumber)] }).thenThrows('INVALID_RESIDENT_ID', {
            idNumber,
            problem: 'BIRTH_DATE',
          });
        },
      );

      it('accepts a leap-day birth date (20000229)', () => {
        const idNumber = residentId('20000229', '011');
        given([])
          .when(nonPoorWith([head(idNumber)]))
          .then([ev.registeredNonPoor('2019-03-01', soleHead(idNumber, 'MALE', '2000-02-29'))]);
      });

      it('rejects a member born after the registration date → INVALID_RESIDENT_ID', () => {
        const idNumber = residentId('20190302', '011');
        registering({ members: [headInput, { ...childInput, idNumber }] }).thenThrows(
          'INVALID_RESIDENT_ID',
        );
      });

      it('rejects FEMALE for an odd 17th digit → RESIDENT_ID_SEX_MISMATCH', () => {
        registering({ members: [{ ...headInput, sex: 'FEMALE' }] }).thenThrows(
          'RESIDENT_ID_SEX_MISMATCH',
          { idNumber: HEAD_ID },
        );
      });

      it('rejects MALE for an even 17th digit → RESIDENT_ID_SEX_MISMATCH', () => {
        registering({ members: [headInput, { ...spouseInput, sex: 'MALE' }] }).thenThrows(
          'RESIDENT_ID_SEX_MISMATCH',
          { idNumber: SPOUSE_ID },
        );
      });
    });
  });

  describe('on a household already registered', () => {
    it.each([
      ['a registered-poor household', [ev.registeredPoor()]],
      ['a non-poor household', [ev.registeredNonPoor()]],
    ])('is rejected for %s → HOUSEHOLD_ALREADY_REGISTERED', (_label, events) => {
      given(events).when(registerCommand()).thenThrows('HOUSEHOLD_ALREADY_REGISTERED');
    });

    it.each([
      ['a poor household', [ev.registeredPoor('2019-03-01')]],
      [
        'an exited household',
        [
          ev.registeredPoor('2019-03-01'),
          ev.income(2020, 452_000, '2020-11-20'),
          ev.exited(2020, '2020-12-10'),
        ],
      ],
      ['a household not registered poor', [ev.registeredNonPoor('2020-01-10')]],
      ...DEREGISTERED_STREAMS.map(
        ([label, events]) => [`a deregistered household (${label})`, events] as const,
      ),
    ])('cannot register %s again → HOUSEHOLD_ALREADY_REGISTERED', (_label, events) => {
      given(events).when(registerCommand()).thenThrows('HOUSEHOLD_ALREADY_REGISTERED');
    });
  });
});
