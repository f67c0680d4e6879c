/**
 * docs/proxies.md quotes the nginx, Varnish and Squid configs that `npm run test:clients` runs
 * against the real proxies. The client tier needs the proxies installed; this check does not,
 * so a doc edit that drifts from the tested configs fails `npm test`, not only the client tier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NGINX_EXAMPLE } from '../clients/support/nginx';
import { squidExample } from '../clients/support/squid';
import { VARNISH_EXAMPLE } from '../clients/support/varnish';

const proxiesDoc = readFileSync(join(__dirname, '../../docs/proxies.md'), 'utf8');

it('docs/proxies.md shows the nginx http block the client tests run', () => {
  expect(proxiesDoc).toContain('```nginx\nhttp {\n' + NGINX_EXAMPLE + '}\n```\n');
});

it('docs/proxies.md shows the VCL the client tests run', () => {
  expect(proxiesDoc).toContain('```vcl\n' + VARNISH_EXAMPLE + '```\n');
});

it('docs/proxies.md shows the Squid config the client tests run, with the mitigation', () => {
  expect(proxiesDoc).toContain('```squid\n' + squidExample(true) + '```\n');
});
