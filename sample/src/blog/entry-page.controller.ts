import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { Condition } from 'nestjs-conditional';
import { AttachmentStore } from './attachment-store';
import { BuildStats } from './build-stats.service';
import { parseEntryId } from './entry-input';
import { EntryValidators } from './entry-validators';
import { EntryRepository } from './entry.repository';
import { renderEntries } from './render';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/**
 * An entry as an HTML page, for browsers (and the caches in front of them): the same
 * validators as the JSON entry (`EntryValidators`: ETag = version, Last-Modified =
 * `updatedAt`), so a browser's reload and a proxy's revalidation are a 304 until the entry
 * is written.
 *
 * `Cache-Control: max-age=0, s-maxage=1`: a browser must revalidate before every use
 * (`s-maxage` is for shared caches only), a shared cache (a CDN, nginx's `proxy_cache`) may
 * serve its copy for one second and then revalidates it. `no-cache` would do for browsers,
 * but nginx does not store a `no-cache` response at all.
 */
@Controller('entries')
@Condition(EntryValidators)
export class EntryPageController {
  constructor(
    private readonly entries: EntryRepository,
    private readonly stats: BuildStats,
    private readonly attachments: AttachmentStore,
  ) {}

  @Get(':id/page')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'max-age=0, s-maxage=1')
  async page(@Param('id') rawId: string): Promise<string> {
    const id = parseEntryId(rawId);
    const entry = await this.entries.find(id);
    if (entry === undefined) throw new NotFoundException(`There is no entry ${id}.`);
    this.stats.built('entryPage');
    const [rendered] = renderEntries([entry]);
    const title = escapeHtml(entry.title);
    const attachment = this.attachments.find(entry.id);
    const url = escapeHtml(`/entries/${entry.id}/attachment`);
    // preload="none": a page view (a browser test, a proxy's client) fetches no audio until played.
    const attached =
      attachment === undefined
        ? ''
        : `<p id="attachment"><audio controls preload="none" src="${url}"></audio> <a href="${url}">${escapeHtml(attachment.name)}</a></p>\n`;
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head>
<body>
<article id="entry" data-id="${entry.id}" data-version="${entry.version}">
<h1 id="title">${title}</h1>
<p id="byline">by ${escapeHtml(entry.author)}, version ${entry.version}, updated ${entry.updatedAt.toISOString()}</p>
<div id="body">${escapeHtml(entry.body)}</div>
<p id="fingerprint">${rendered.fingerprint}</p>
</article>
${attached}<p><a href="/entries/${entry.id}">JSON</a></p>
</body>
</html>
`;
  }
}
