import { Scope, type Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { type ValidatorKind, isValidatorClass } from '../declarations/validator-class';
import type { BoundValidator } from '../request/route-plan';

/**
 * A route's early validator, ready to call: a function as it is, an injectable class's
 * method bound to the instance the app's injector holds (resolved once, at start-up). A class
 * that is not a provider, or is request-scoped, fails the start with a message naming the
 * route and what to do.
 */
export function bindValidator(
  moduleRef: ModuleRef,
  source: unknown,
  kind: ValidatorKind,
  route: string,
  role = `the ${kind} validator`,
): BoundValidator | undefined {
  if (source === undefined) return undefined;
  if (!isValidatorClass(source, kind)) return source as BoundValidator;
  let instance: Record<ValidatorKind, BoundValidator>;
  try {
    instance = moduleRef.get(source, { strict: false });
  } catch (cause) {
    const where = `nestjs-conditional: ${source.name}, ${role} of ${route},`;
    if (isScoped(moduleRef, source)) {
      throw new Error(
        `${where} is request-scoped (or depends on a request-scoped provider). Validator classes are resolved once, at start-up: make it a singleton and read what varies per request from its request argument.`,
        { cause },
      );
    }
    throw new Error(
      `${where} cannot be resolved: add it to the providers of a module (for example the module of ${route.split('.')[0]}).`,
      {
        cause,
      },
    );
  }
  return (request, context) => instance[kind](request, context);
}

function isScoped(moduleRef: ModuleRef, provider: Type<unknown>): boolean {
  try {
    return moduleRef.introspect(provider).scope !== Scope.DEFAULT;
  } catch {
    return false;
  }
}
