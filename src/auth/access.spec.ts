import { NotFoundError } from '../common/errors';
import { assertInstitutionAccess, institutionScope } from './access';

const inst = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
const operator = { id: 'u', username: 'op', role: 'operator' as const, institutionId: inst };
const admin = { id: 'a', username: 'ad', role: 'admin' as const, institutionId: null };

describe('record-level access', () => {
  it('lets an operator reach their own institution only, answering 404 otherwise', () => {
    expect(() => assertInstitutionAccess(operator, inst)).not.toThrow();
    expect(() => assertInstitutionAccess(operator, other)).toThrow(NotFoundError);
  });
  it('does not restrict other roles', () => {
    expect(() => assertInstitutionAccess(admin, other)).not.toThrow();
    expect(institutionScope(admin)).toBeUndefined();
  });
  it('scopes an operator list to their institution', () => {
    expect(institutionScope(operator)).toBe(inst);
  });
});
