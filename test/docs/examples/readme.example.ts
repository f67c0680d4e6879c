// The README's opening example, compiled (test/docs/code-blocks.spec.ts finds it here).
import { Controller, Get, Param } from '@nestjs/common';
import { Condition } from 'nestjs-conditional';

const articles = new Map([['1', { version: 3, updatedAt: new Date('2026-11-01T09:00:00Z'), body: 'Hello' }]]);
const currentVersion = (id: string) => articles.get(id)?.version;
const updatedAt = (id: string) => articles.get(id)?.updatedAt;
const renderArticle = (id: string) => ({ id, body: articles.get(id)?.body });

@Controller('articles')
export class ReadmeArticlesController {
  @Get(':id')
  @Condition({ etag: (req) => `v${currentVersion(req.params.id)}`, lastModified: (req) => updatedAt(req.params.id) })
  findOne(@Param('id') id: string) {
    return renderArticle(id); // expensive: skipped when the client's copy is current
  }
}
