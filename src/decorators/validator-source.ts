import { type ValidatorKind, isValidatorClass } from '../declarations/validator-class';

function isClass(value: Function): boolean {
  return Function.prototype.toString.call(value).startsWith('class');
}

/**
 * Checks a validator given to a decorator, at decoration time, so that a mistake fails when
 * the app starts rather than on the first request.
 */
export function assertValidatorSource(value: unknown, kind: ValidatorKind, decorator: string): void {
  if (typeof value !== 'function') {
    throw new TypeError(
      `${decorator}: the ${kind} validator must be a function (request, context) => value, or an injectable class with a ${kind}() method; got ${value === null ? 'null' : typeof value}`,
    );
  }
  if (isClass(value) && !isValidatorClass(value, kind)) {
    throw new TypeError(
      `${decorator}: the class ${value.name} has no ${kind}() method to use as the ${kind} validator`,
    );
  }
}
