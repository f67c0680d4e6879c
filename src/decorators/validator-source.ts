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

/**
 * Checks a validator, or a list of elements that make one validator, and returns what the
 * route stores: the validator itself, or a frozen copy of the list (so that changing the
 * array afterwards changes nothing).
 */
export function validatorSources(value: unknown, kind: ValidatorKind, decorator: string): unknown {
  if (!Array.isArray(value)) {
    assertValidatorSource(value, kind, decorator);
    return value;
  }
  if (value.length === 0) {
    throw new TypeError(`${decorator}: the list of ${kind} elements is empty; give at least one element`);
  }
  value.forEach((element: unknown, index) =>
    assertValidatorSource(element, kind, `${decorator}, element ${index + 1} of ${value.length}`),
  );
  return Object.freeze([...value]);
}
