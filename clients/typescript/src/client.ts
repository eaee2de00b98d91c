import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's schemas by name, e.g. `Schemas['InstitutionView']`. */
export type Schemas = components['schemas'];

/** An error answer of the API, with its stable `code`. */
export class ApiRequestError extends Error {
  constructor(readonly body: Schemas['ErrorResponse']) {
    super(`${body.statusCode} ${body.code}: ${body.message} (request ${body.requestId})`);
  }
}

/**
 * A client of the childcare API whose paths, parameters, bodies and answers are typed by the OpenAPI document
 * (`npm run typecheck:client` generates `schema.d.ts` from it). `login` keeps the access token for later requests.
 */
export function childcareClient(baseUrl: string) {
  let token: string | undefined;
  const client = createClient<paths>({ baseUrl });
  const bearer: Middleware = {
    onRequest({ request }) {
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);

  return {
    client,
    async login(username: string, password: string): Promise<Schemas['UserView']> {
      const { data, error } = await client.POST('/api/v1/auth/login', { body: { username, password } });
      if (error) throw new ApiRequestError(error);
      token = data.accessToken;
      return data.user;
    },
  };
}
