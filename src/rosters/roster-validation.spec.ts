import { buildResidentId, residentIdCheckChar } from '../common/identity/resident-id';
import { fullMonthsOfAge } from '../common/age';
import { birthOrderConflicts, calendarDate, RawEntry, sortProblems, validateEntries } from './roster-validation';

const ID_A = buildResidentId('2024-05-10', 11);
const ID_B = buildResidentId('2023-08-01', 22);
const ctx = { month: '2026-03', approvedSlots: 10 };

function row(index: number, over: Partial<RawEntry> = {}): RawEntry {
  return {
    index,
    rowIndex: index + 1,
    idNumber: ID_A,
    name: '王小明',
    birthOrder: 2,
    guardianName: '王大明',
    guardianPhone: '13800001111',
    enrolledOn: '2025-09-01',
    withdrawnOn: null,
    attendanceDays: 20,
    ...over,
  };
}

function codes(rows: RawEntry[], context = ctx) {
  return validateEntries(rows, context).problems.map((p) => [p.index, p.field, p.code]);
}

describe('validateEntries', () => {
  it('accepts a valid entry and derives birth date and sex from the ID', () => {
    const { entries, problems } = validateEntries([row(0)], ctx);
    expect(problems).toEqual([]);
    expect(entries[0]).toMatchObject({ idNumber: ID_A, birthOrder: 2, attendanceDays: 20, sex: 'M' });
    expect(entries[0].birthDate.toISOString().slice(0, 10)).toBe('2024-05-10');
  });

  it('accepts numbers given as text and a lower-case x, trims spaces', () => {
    const idWithX = (() => {
      for (let s = 0; s < 1000; s++) {
        const id = buildResidentId('2024-01-02', s);
        if (id.endsWith('X')) return id;
      }
      throw new Error('no X id');
    })();
    const { problems, entries } = validateEntries(
      [row(0, { idNumber: ` ${idWithX.toLowerCase()} `, birthOrder: '3', attendanceDays: ' 5 ' })],
      ctx,
    );
    expect(problems).toEqual([]);
    expect(entries[0]).toMatchObject({ idNumber: idWithX, birthOrder: 3, attendanceDays: 5 });
  });

  it('rejects bad checksums, bad formats, numeric IDs and a valid checksum with an impossible date', () => {
    const first17 = '371523' + '20230229' + '005';
    const validChecksumBadDate = first17 + residentIdCheckChar(first17);
    const bad = ID_A.slice(0, 17) + (ID_A[17] === '1' ? '2' : '1');
    const result = validateEntries(
      [
        row(0, { idNumber: bad }),
        row(1, { idNumber: '12345' }),
        row(2, { idNumber: Number('371523202405101234') }),
        row(3, { idNumber: validChecksumBadDate }),
      ],
      ctx,
    );
    expect(result.problems.map((p) => [p.index, p.code])).toEqual([
      [0, 'ID_NUMBER_INVALID'],
      [1, 'ID_NUMBER_INVALID'],
      [2, 'ID_NUMBER_INVALID'],
      [3, 'ID_NUMBER_INVALID'],
    ]);
    expect(result.problems[2].message).toContain('文本');
    expect(result.problems[3].message).toContain('出生日期');
  });

  it('reports every missing field as REQUIRED', () => {
    const problems = codes([
      row(4, { idNumber: '', name: null, birthOrder: undefined, guardianName: ' ', enrolledOn: null, attendanceDays: null }),
    ]);
    expect(problems).toEqual([
      [4, 'idNumber', 'REQUIRED'],
      [4, 'name', 'REQUIRED'],
      [4, 'guardianName', 'REQUIRED'],
      [4, 'birthOrder', 'REQUIRED'],
      [4, 'enrolledOn', 'REQUIRED'],
      [4, 'attendanceDays', 'REQUIRED'],
    ]);
  });

  it('keeps birth order within 1..9', () => {
    expect(codes([row(0, { birthOrder: 0 }), row(1, { idNumber: ID_B, birthOrder: 10 })])).toEqual([
      [0, 'birthOrder', 'BIRTH_ORDER_INVALID'],
      [1, 'birthOrder', 'BIRTH_ORDER_INVALID'],
    ]);
    expect(codes([row(0, { birthOrder: 1.5 })])).toEqual([[0, 'birthOrder', 'BIRTH_ORDER_INVALID']]);
    expect(codes([row(0, { birthOrder: 9 })])).toEqual([]);
  });

  it('keeps attendance within 0..days in month and within the days enrolled', () => {
    expect(codes([row(0, { attendanceDays: 32 })])).toEqual([[0, 'attendanceDays', 'ATTENDANCE_OUT_OF_RANGE']]);
    expect(codes([row(0, { attendanceDays: -1 })])).toEqual([[0, 'attendanceDays', 'ATTENDANCE_OUT_OF_RANGE']]);
    expect(codes([row(0, { attendanceDays: 31 })])).toEqual([]);
    expect(codes([row(0, { attendanceDays: 29 })], { month: '2026-02', approvedSlots: 5 })).toEqual([
      [0, 'attendanceDays', 'ATTENDANCE_OUT_OF_RANGE'],
    ]);
    // enrolled on the 25th: 7 days in March at most
    expect(codes([row(0, { enrolledOn: '2026-03-25', attendanceDays: 8 })])).toEqual([[0, 'attendanceDays', 'ATTENDANCE_OUT_OF_RANGE']]);
    expect(codes([row(0, { enrolledOn: '2026-03-25', attendanceDays: 7 })])).toEqual([]);
    expect(codes([row(0, { withdrawnOn: '2026-03-03', attendanceDays: 3 })])).toEqual([]);
  });

  it('checks enrolment and withdrawal dates against each other and the month', () => {
    expect(codes([row(0, { enrolledOn: '2026-04-01' })])).toEqual([[0, 'enrolledOn', 'DATE_INVALID']]);
    expect(codes([row(0, { enrolledOn: '2026-02-30' })])).toEqual([[0, 'enrolledOn', 'DATE_INVALID']]);
    expect(codes([row(0, { enrolledOn: 'yesterday' })])).toEqual([[0, 'enrolledOn', 'DATE_INVALID']]);
    expect(codes([row(0, { enrolledOn: '2024-05-01' })])).toEqual([[0, 'enrolledOn', 'DATE_INVALID']]); // before birth
    expect(codes([row(0, { withdrawnOn: '2026-02-28' })])).toEqual([[0, 'withdrawnOn', 'DATE_INVALID']]);
    expect(codes([row(0, { enrolledOn: '2026-03-10', withdrawnOn: '2026-03-05', attendanceDays: 1 })])).toEqual([
      [0, 'withdrawnOn', 'DATE_INVALID'],
    ]);
    expect(codes([row(0, { withdrawnOn: '2026-13-01' })])).toEqual([[0, 'withdrawnOn', 'DATE_INVALID']]);
    expect(codes([row(0, { enrolledOn: '2026/3/1', withdrawnOn: '2026年3月20日', attendanceDays: 10 })])).toEqual([]);
  });

  it('flags the same child twice, pointing at the first row', () => {
    const { problems } = validateEntries([row(2), row(3, { idNumber: ID_B }), row(4, { idNumber: ID_A.toLowerCase() })], ctx);
    expect(problems).toEqual([expect.objectContaining({ index: 4, field: 'idNumber', code: 'DUPLICATE_IN_ROSTER' })]);
    expect(problems[0].message).toContain('第 2 行');
  });

  it('refuses more children than approved slots', () => {
    const { problems } = validateEntries([row(0), row(1, { idNumber: ID_B })], { month: '2026-03', approvedSlots: 1 });
    expect(problems).toEqual([expect.objectContaining({ field: 'entries', code: 'OVER_CAPACITY' })]);
    expect(problems[0]).not.toHaveProperty('index');
  });

  it('never repeats an ID number or a name in a message', () => {
    const { problems } = validateEntries(
      [row(0, { idNumber: ID_A.slice(0, 17) + 'Y', name: '王小明'.repeat(20) }), row(1), row(2), row(3, { birthOrder: 99 })],
      { month: '2026-03', approvedSlots: 1 },
    );
    expect(problems.length).toBeGreaterThan(3);
    for (const p of problems) {
      expect(p.message).not.toContain(ID_A);
      expect(p.message).not.toContain(ID_A.slice(0, 17));
      expect(p.message).not.toContain('王小明');
    }
  });
});

describe('birthOrderConflicts', () => {
  it('flags entries whose birth order differs from the confirmed one', () => {
    const confirmed = new Map([
      [ID_A, 2],
      [ID_B, 1],
    ]);
    const problems = birthOrderConflicts(
      [
        { index: 0, idNumber: ID_A, birthOrder: 2 },
        { index: 1, idNumber: ID_B, birthOrder: 3 },
      ],
      confirmed,
    );
    expect(problems).toEqual([expect.objectContaining({ index: 1, field: 'birthOrder', code: 'BIRTH_ORDER_CONFLICT' })]);
  });

  it('names the confirmed birth order only when asked to (admins), never by default (operators)', () => {
    const confirmed = new Map([[ID_A, 7]]);
    const claim = [{ index: 0, idNumber: ID_A, birthOrder: 2 }];
    const [hidden] = birthOrderConflicts(claim, confirmed);
    expect(hidden.code).toBe('BIRTH_ORDER_CONFLICT');
    expect(hidden.message).not.toContain('7');
    const [shown] = birthOrderConflicts(claim, confirmed, { showConfirmed: true });
    expect(shown.message).toContain('（7）');
  });
});

describe('helpers', () => {
  it('parses calendar dates strictly', () => {
    expect(calendarDate('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(calendarDate('2026/2/8')?.toISOString()).toBe('2026-02-08T00:00:00.000Z');
    expect(calendarDate('2026-02-29')).toBeNull();
    // a date typed into a cell without a date format arrives as Excel's serial number
    expect(calendarDate(45000)?.toISOString()).toBe('2023-03-15T00:00:00.000Z');
    expect(calendarDate(new Date('2026-03-05T00:00:00Z'))?.toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });

  it('counts full months of age', () => {
    const born = new Date('2023-03-15T00:00:00Z');
    expect(fullMonthsOfAge(born, new Date('2026-03-01T00:00:00Z'))).toBe(35);
    expect(fullMonthsOfAge(born, new Date('2026-04-01T00:00:00Z'))).toBe(36);
    expect(fullMonthsOfAge(new Date('2023-03-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'))).toBe(36);
  });

  it('sorts problems by row then field', () => {
    const sorted = sortProblems([
      { index: 3, field: 'name', code: 'X', message: '' },
      { field: 'entries', code: 'OVER_CAPACITY', message: '' },
      { index: 3, field: 'idNumber', code: 'X', message: '' },
      { index: 1, field: 'attendanceDays', code: 'X', message: '' },
    ]);
    expect(sorted.map((p) => `${p.index}:${p.field}`)).toEqual(['1:attendanceDays', '3:idNumber', '3:name', 'undefined:entries']);
  });
});
