import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';

/** The sample's users and their tokens. A real app would verify a JWT or a session here. */
export const TOKENS: Readonly<Record<string, string>> = { 'alice-token': 'alice', 'bob-token': 'bob' };

/** `Authorization: Bearer alice-token` makes `request.user` `{ name: 'alice' }`; else 401. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const [scheme, token] = String(request.headers.authorization ?? '').split(' ');
    const name = scheme === 'Bearer' ? TOKENS[token] : undefined;
    if (name === undefined) throw new UnauthorizedException('Send Authorization: Bearer alice-token (or bob-token).');
    request.user = { name };
    return true;
  }
}
