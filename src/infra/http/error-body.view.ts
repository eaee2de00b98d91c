import type { ErrorDetail } from '../../common/errors';
import { ApiExample } from './api-docs';

/** One problem found in a request: which row (`index`, from 0 for JSON arrays; the file row for uploads) and field. */
export class ErrorDetailView implements ErrorDetail {
  /** the row or array element the problem is in, when there is one */
  @ApiExample(3)
  index?: number;
  /** the field (JSON path such as `entries.3.idNumber`, or a file column) */
  @ApiExample('idNumber')
  field: string;
  /** stable machine-readable code of the problem */
  @ApiExample('ID_NUMBER_INVALID')
  code: string;
  /** what is wrong, for people */
  @ApiExample('第 4 行身份证号校验位不正确')
  message: string;
}

/** The one error shape of every error answer. */
export class ErrorResponse {
  @ApiExample(409)
  statusCode: number;
  /** the HTTP reason phrase */
  @ApiExample('Conflict')
  error: string;
  /** what went wrong, for people */
  @ApiExample('A SUBMITTED institution cannot be edited')
  message: string;
  /** stable machine-readable code clients switch on */
  @ApiExample('INVALID_STATE_TRANSITION')
  code: string;
  /** every problem found (422 and some 400 answers) */
  details?: ErrorDetailView[];
  /** the request's id (also in the X-Request-Id header): quote it when reporting a problem */
  @ApiExample('6f1c2a52-8f8e-4d7e-9a57-0c1f5b7f6a10')
  requestId: string;
}
