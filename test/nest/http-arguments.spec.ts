import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { requestOf, responseOf } from '../../src/request/http-arguments';

describe("requestOf / responseOf: an HTTP context's request and response, read by position", () => {
  const request = { method: 'GET' };
  const response = { statusCode: 200 };
  const next = () => undefined;

  it("give what Nest's switchToHttp() gives, for the arguments Nest passes an HTTP handler", () => {
    const context = new ExecutionContextHost([request, response, next]);
    expect(requestOf(context)).toBe(request);
    expect(responseOf(context)).toBe(response);
    expect([requestOf(context), responseOf(context)]).toEqual([
      context.switchToHttp().getRequest(),
      context.switchToHttp().getResponse(),
    ]);
  });

  it('add nothing to the context', () => {
    const context = new ExecutionContextHost([request, response, next]);
    const keys = Reflect.ownKeys(context);
    requestOf(context);
    responseOf(context);
    expect(Reflect.ownKeys(context)).toEqual(keys);
  });
});
