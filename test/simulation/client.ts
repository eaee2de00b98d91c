import type { Response, Test } from 'supertest';
import type { TestApp } from '../utils/test-app';
import type { Auth } from './model';

/** An answer the simulation did not expect (a status outside the plausible ones): the app or the harness is wrong. */
export class UnexpectedAnswer extends Error {}

/**
 * The people of the simulation talking to the real app over HTTP. Every call is one logged step; `ok` lists the
 * statuses that are plausible for it (anything else stops the run). `twice` sends the same request twice at
 * the same moment (a double click) and returns both answers.
 */
export class Client {
  constructor(
    private readonly t: TestApp,
    private readonly step: (text: string) => void,
  ) {}

  async send(label: string, make: () => Test, ok: number[]): Promise<Response> {
    let res: Response;
    try {
      res = await make();
    } catch (error) {
      this.step(`${label} → error`);
      throw new UnexpectedAnswer(`${label}: ${(error as Error).message}`);
    }
    this.step(`${label} → ${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`);
    if (!ok.includes(res.status)) throw new UnexpectedAnswer(`${label}: answered ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`);
    return res;
  }

  async twice(label: string, make: () => Test, ok: number[]): Promise<[Response, Response]> {
    const [a, b] = await Promise.all([this.send(`${label} (click 1)`, make, ok), this.send(`${label} (click 2)`, make, ok)]);
    return [a, b];
  }

  get(path: string, auth: Auth): Test {
    return this.t.http().get(path).set(auth);
  }

  post(path: string, auth: Auth, body?: object, headers: Record<string, string> = {}): Test {
    const req = this.t.http().post(path).set(auth).set(headers);
    return body === undefined ? req : req.send(body);
  }

  put(path: string, auth: Auth, body: object): Test {
    return this.t.http().put(path).set(auth).send(body);
  }

  patch(path: string, auth: Auth, body: object): Test {
    return this.t.http().patch(path).set(auth).send(body);
  }
}
