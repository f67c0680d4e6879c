import { brokenLink, linksOf, pages } from './markdown';

/** Every page the README sends a reader to exists, and so does every file and heading it links. */
describe('links of the README and the docs', () => {
  it.each(pages())('%s: every relative link leads to a file and a heading that exist', (page) => {
    expect(
      linksOf(page)
        .map(brokenLink)
        .filter((problem) => problem !== undefined),
    ).toEqual([]);
  });

  it('the README links every page of docs/', () => {
    const linked = new Set(linksOf('README.md').map(({ target }) => target.split('#')[0]));
    expect(pages().filter((page) => page.startsWith('docs/') && !linked.has(page))).toEqual([]);
  });
});
