import 'reflect-metadata';
import { Controller, Get, Module, Put, Param, Header } from '@nestjs/common';
import request from 'supertest';
import { ConditionalModule, Condition } from '../../src';
import { PLATFORMS, startApp } from './support/platforms';
let runs = 0;
@Controller('a')
class A {
  @Get(':id') @Header('Cache-Control', 'max-age=5') @Condition({ etag: () => 'v1', lastModified: () => new Date('2024-01-01T00:00:00Z') })
  get() { runs++; return { ok: true }; }
  @Put(':id') @Condition({ etag: () => 'v1' })
  put() { runs++; return { ok: 'put' }; }
}
@Module({ imports: [ConditionalModule.forRoot()], controllers: [A] })
class M {}
describe.each(PLATFORMS)('$platform smoke', (p) => {
  it('works', async () => {
    const { url, close } = await startApp(p, M);
    try {
      let r = await request(url).get('/a/1'); console.log(r.status, r.headers, r.body);
      r = await request(url).get('/a/1').set('If-None-Match', '"v1"'); console.log(r.status, r.headers, r.text);
      r = await request(url).head('/a/1').set('If-None-Match', '"v1"'); console.log(r.status, r.headers);
      r = await request(url).put('/a/1').set('If-Match', '"v0"'); console.log(r.status, r.headers, r.body);
      r = await request(url).put('/a/1'); console.log(r.status, r.headers, r.body);
      console.log('runs', runs);
    } finally { await close(); }
  });
});
