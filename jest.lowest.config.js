/**
 * The whole suite on the lowest versions the peer ranges allow (compat/nest11-lowest):
 * `npm run test:lowest`, part of `npm test`. rxjs and reflect-metadata come from that
 * install too, at 7.1.0 and 0.1.13.
 */
const { jestOnInstall } = require('./compat/jest-on-install');

module.exports = jestOnInstall({ dir: 'nest11-lowest', nestMajor: 11, alsoMapped: ['rxjs', 'reflect-metadata'] });
