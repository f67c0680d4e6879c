import { Controller, Get, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { ClientProxy, ClientsModule, MessagePattern, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';
import { ConditionalGuard, ConditionalModule, ETag } from '../../src';
import { ConditionalRouteRegistry } from '../../src/request/route-registry';
import { PLATFORMS } from './support/platforms';

let handled = 0;

/** One class serving HTTP routes and message patterns, with class-level validators. */
@Controller('hybrid')
@ETag(() => 'hybrid-v1')
class HybridController {
  @Get()
  http() {
    handled++;
    return { over: 'http' };
  }

  @MessagePattern('sum')
  sum(numbers: number[]) {
    handled++;
    return numbers.reduce((total, n) => total + n, 0);
  }
}

@Module({ imports: [ConditionalModule.forRoot()], controllers: [HybridController] })
class HybridModule {}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.each(PLATFORMS)('a decorated class that also serves microservice messages ($platform)', (platform) => {
  let app: INestApplication;
  let microservice: INestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    const port = await freePort();
    const moduleRef = await Test.createTestingModule({
      imports: [
        HybridModule,
        ClientsModule.register([{ name: 'CLIENT', transport: Transport.TCP, options: { host: '127.0.0.1', port } }]),
      ],
    }).compile();
    app = moduleRef.createNestApplication(platform.adapter(), { logger: false });
    microservice = app.connectMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    client = app.get('CLIENT');
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await app.close();
  });
  beforeEach(() => {
    handled = 0;
  });

  it('the message handler runs: the library steps aside outside HTTP', async () => {
    await expect(firstValueFrom(client.send('sum', [1, 2, 3]))).resolves.toBe(6);
    expect(handled).toBe(1);
  });

  it('the HTTP route of the same class is still conditional', async () => {
    const response = await request(await app.getUrl())
      .get('/hybrid')
      .set('If-None-Match', '"hybrid-v1"');
    expect(response.status).toBe(304);
    expect(handled).toBe(0);
    expect(microservice).toBeDefined();
  });
});

describe('the guard steps aside in a non-HTTP context of a conditional handler', () => {
  // A gateway or resolver method of a class whose HTTP routes are conditional: Nest runs the
  // class's guards for it with getType() 'ws' or 'graphql'.
  class Hybrid {
    handle() {
      return 'handled';
    }
  }
  const handler = Hybrid.prototype.handle;
  let validatorCalls = 0;
  const registry = new ConditionalRouteRegistry({ httpAdapter: undefined } as never);
  registry.register(Hybrid, handler, {
    route: 'Hybrid.handle',
    etag: () => {
      validatorCalls++;
      return 'v1';
    },
    requirePrecondition: true,
    validatorTimeout: undefined,
    notModifiedHeaders: [],
    validates: true,
    renderedKinds: 0,
  });

  it.each(['rpc', 'ws', 'graphql'])('%s: the guard lets it through without calling a validator', (type) => {
    const context = new ExecutionContextHost([{ some: 'payload' }, {}], Hybrid, handler);
    context.setType(type);
    expect(new ConditionalGuard(registry).canActivate(context)).toBe(true);
    expect(validatorCalls).toBe(0);
  });
});
