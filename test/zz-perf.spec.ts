import { ArgumentsHost, CallHandler, CanActivate, Catch, Controller, ExceptionFilter, ExecutionContext, Get, Injectable, Module, NestInterceptor, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Condition, ConditionalModule } from '../src';
@Injectable() class G implements CanActivate { canActivate() { return true; } }
@Injectable() class I implements NestInterceptor { intercept(_c: ExecutionContext, n: CallHandler) { return n.handle(); } }
class Sig extends Error {}
@Catch(Sig) class F implements ExceptionFilter { catch(_e: Sig, _h: ArgumentsHost) {} }
@Controller('a') class A { @Get() get() { return { ok: true }; } }
@Controller('g') class GC { @Get() @UseGuards(G) get() { return { ok: true }; } }
@Controller('gi') class GIC { @Get() @UseGuards(G) @UseInterceptors(I) get() { return { ok: true }; } }
@Controller('gif') class GIFC { @Get() @UseGuards(G) @UseInterceptors(I) @UseFilters(F) get() { return { ok: true }; } }
@Controller('c') class C { @Get() @Condition({ etag: () => 'v1', lastModified: () => 1700000000000 }) get() { return { ok: true }; } }
@Module({ imports: [ConditionalModule.forRoot()], controllers: [A, GC, GIC, GIFC, C], providers: [G, I] }) class M {}
it('perf', async () => {
  const app = (await Test.createTestingModule({ imports: [M] }).compile()).createNestApplication(new FastifyAdapter(), { logger: false });
  await app.init(); const f = app.getHttpAdapter().getInstance(); await f.ready();
  const run = async (url: string, n: number) => { const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) await f.inject({ url }); return Number(process.hrtime.bigint() - t) / n / 1000; };
  for (const u of ['/a','/g','/gi','/gif','/c']) await run(u, 2000);
  for (let k = 0; k < 2; k++) { const out = []; for (const u of ['/a','/g','/gi','/gif','/c']) out.push(u + ' ' + (await run(u, 4000)).toFixed(1)); console.log(out.join('  ')); }
  await app.close();
}, 120000);
