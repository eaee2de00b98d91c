import { BadRequestException, UnprocessableEntityException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ErrorDetail } from '../../common/errors';

function flatten(errors: ValidationError[], prefix = ''): ValidationError[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ ...e, property: path }] : [];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Unknown fields → 400 UNKNOWN_FIELD (docs/api.md); values of the wrong type or out of range → 422 with
 * one detail per problem, each naming its field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const flat = flatten(errors);
      const unknown = flat.filter((e) => e.constraints?.whitelistValidation);
      if (unknown.length) {
        const fields = unknown.map((e) => e.property);
        return new BadRequestException({
          code: 'UNKNOWN_FIELD',
          message: `Unknown field(s): ${fields.join(', ')}`,
          details: fields.map((field) => ({ field, code: 'UNKNOWN_FIELD', message: `${field} is not an accepted field` })),
        });
      }
      const details: ErrorDetail[] = flat.flatMap((e) =>
        Object.entries(e.constraints ?? {}).map(([constraint, message]) => {
          const index = /(?:^|\.)(\d+)(?:\.|$)/.exec(e.property);
          return {
            ...(index ? { index: Number(index[1]) } : {}),
            field: e.property,
            code: constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
            message,
          };
        }),
      );
      return new UnprocessableEntityException({ code: 'VALIDATION_FAILED', message: 'The request has invalid values', details });
    },
  });
}
