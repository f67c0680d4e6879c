import type { ArgumentsHost } from '@nestjs/common';

/*
 * The request and response of an HTTP context, read by position: Nest passes an HTTP
 * handler's arguments as [request, response, next] (`ArgumentsHost.getArgs()`, as Nest's
 * documentation of it shows). `switchToHttp()` hands back the same two, but allocates three
 * closures and copies them onto the context on every call, which the guard and the 304 filter
 * would pay on every request (test/nest/http-arguments.spec.ts pins that both give the same).
 */

/** The platform's request (Express's `req`, Fastify's `FastifyRequest`). */
export function requestOf<Request = any>(host: ArgumentsHost): Request {
  return host.getArgByIndex(0);
}

/** The platform's response (Express's `res`, Fastify's `FastifyReply`). */
export function responseOf<Response = any>(host: ArgumentsHost): Response {
  return host.getArgByIndex(1);
}
