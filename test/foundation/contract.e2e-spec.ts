import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '../../src/auth/roles.decorator';
import { ApiOk } from '../../src/infra/http/api-docs';
import { UserView } from '../../src/users/user.view';
import { ContractChecker } from '../utils/contract';
import { createTestApp, TestApp } from '../utils/test-app';

/** A route whose answer has a field its declared class does not: the drift the contract test exists to catch. */
@Controller('contract-test')
class DriftingController {
  @Get('drift')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '测试：与声明不符的回答' })
  @ApiOk(UserView)
  drift(): UserView {
    const user: UserView = {
      id: '00000000-0000-4000-8000-000000000000',
      username: 'x',
      role: 'admin',
      institutionId: null,
      active: true,
      createdAt: new Date().toISOString(),
    };
    return Object.assign(user, { passwordHash: 'leaked' });
  }
}

describe('the contract test (every answer of the e2e suite is checked against the OpenAPI document)', () => {
  let t: TestApp;
  let contract: ContractChecker;
  let admin: { auth: { Authorization: string } };

  beforeAll(async () => {
    t = await createTestApp({ controllers: [DriftingController], recordContractMismatches: false });
    contract = t.contract;
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  it('passes an answer that matches its schema', async () => {
    const res = await t.http().get('/api/v1/auth/me').set(admin.auth).expect(200);
    expect(contract.check('get', '/api/v1/auth/me', 200, res.headers['content-type'], res.body)).toEqual([]);
  });

  it('fails a field the schema does not declare, a missing or mistyped one', () => {
    const user = {
      id: '00000000-0000-4000-8000-000000000000',
      username: 'u',
      role: 'admin',
      institutionId: null,
      active: true,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    expect(contract.check('get', '/api/v1/auth/me', 200, 'application/json', { ...user, extra: 1 })).toEqual([
      expect.stringContaining('must NOT have additional properties "extra"'),
    ]);
    expect(contract.check('get', '/api/v1/auth/me', 200, 'application/json', { ...user, role: 'root' })).toEqual([
      expect.stringContaining('/role must be equal to one of the allowed values'),
    ]);
    const { active: _active, ...withoutActive } = user;
    expect(contract.check('get', '/api/v1/auth/me', 200, 'application/json', withoutActive)).toEqual([
      expect.stringContaining("must have required property 'active'"),
    ]);
    expect(contract.check('get', '/api/v1/auth/me', 200, 'application/json', { ...user, createdAt: 'yesterday' })).toEqual([
      expect.stringContaining('/createdAt must match format "date-time"'),
    ]);
  });

  it('fails an undocumented status, content type or operation, and checks errors against the one error shape', () => {
    expect(contract.check('get', '/api/v1/auth/me', 418, 'application/json', {})).toEqual([
      expect.stringContaining('status 418 is not documented for GET /api/v1/auth/me'),
    ]);
    expect(contract.check('get', '/api/v1/auth/me', 200, 'text/html', '<p>')).toEqual([
      expect.stringContaining('content type "text/html" is not documented'),
    ]);
    expect(contract.check('get', '/api/v1/no-such-thing', 200, 'application/json', {})).toEqual([
      expect.stringContaining('the operation is not in the OpenAPI document'),
    ]);
    const notFound = {
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /api/v1/no-such-thing',
      code: 'NOT_FOUND',
      requestId: 'r-123456789',
    };
    expect(contract.check('get', '/api/v1/no-such-thing?x=1', 404, 'application/json; charset=utf-8', notFound)).toEqual([]);
    const { requestId: _id, ...withoutRequestId } = notFound;
    expect(contract.check('get', '/api/v1/auth/me', 401, 'application/json', withoutRequestId)).toEqual([
      expect.stringContaining("must have required property 'requestId'"),
    ]);
    expect(contract.check('get', '/docs-json', 200, 'application/json', {})).toEqual([]);
  });

  it('checks file downloads by their declared content types', () => {
    const path = '/api/v1/settlements/00000000-0000-4000-8000-000000000000/export';
    expect(contract.check('get', path, 200, 'text/csv; charset=utf-8', 'a,b')).toEqual([]);
    expect(contract.check('get', path, 200, 'application/pdf', '')).toEqual([
      expect.stringContaining('"application/pdf" is not documented'),
    ]);
  });

  it('fails the request of a test whose answer drifts from the document', async () => {
    await expect(t.http().get('/api/v1/contract-test/drift').set(admin.auth)).rejects.toThrow(
      /OpenAPI contract: GET \/api\/v1\/contract-test\/drift → 200: .*additional properties "passwordHash"/,
    );
  });
});
