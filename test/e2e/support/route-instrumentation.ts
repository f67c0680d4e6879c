import { RouterExecutionContext } from '@nestjs/core/router/router-execution-context';
import { calls } from '../fixtures/call-log';

/*
 * A stand-in for OpenTelemetry's `@opentelemetry/instrumentation-nestjs-core` (and the APM
 * agents built on it), which replaces the callback of every route with a wrapper before Nest
 * registers it: it patches `RouterExecutionContext.prototype.create`, gives the wrapper the
 * callback's name and copies the callback's metadata onto it. Nest's `getHandler()` is then the
 * wrapper. This does what its version 0.70.0 does (checked against the real package in a
 * scratch app), and records `instrumentation` in the call log on each call.
 */

type Create = (this: RouterExecutionContext, instance: object, callback: Function, ...rest: unknown[]) => unknown;

/**
 * Wraps every route's callback as the instrumentation does, the wrapper named `nameOf(callback)`
 * (the callback's own name by default); returns the function that undoes it.
 */
export function instrumentRouteHandlers(nameOf: (callback: Function) => string = (callback) => callback.name) {
  const prototype = RouterExecutionContext.prototype as unknown as { create: Create };
  const original = prototype.create;
  prototype.create = function (instance, callback, ...rest) {
    const wrapper = function (this: unknown, ...args: unknown[]) {
      calls.record('instrumentation');
      return callback.apply(this, args);
    };
    Object.defineProperty(wrapper, 'name', { value: nameOf(callback) });
    for (const key of Reflect.getMetadataKeys(callback)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, callback), wrapper);
    }
    return original.call(this, instance, wrapper, ...rest);
  };
  return (): void => {
    prototype.create = original;
  };
}
