/** The whole suite on Nest 12 (compat/nest12): `npm run test:nest12`, part of `npm test`. */
const { jestOnInstall } = require('./compat/jest-on-install');

module.exports = jestOnInstall({ dir: 'nest12', nestMajor: 12 });
