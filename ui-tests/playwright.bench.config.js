/**
 * On-demand browser benchmarks (not part of the test suite): `bash bench/ui-latency.sh`.
 * Same server and browser set-up as the UI tests.
 */
const config = require('./playwright.config');

module.exports = {
  ...config,
  testDir: './bench',
  testMatch: '**/*.bench.ts',
  timeout: 600000,
  reporter: [['list']]
};
