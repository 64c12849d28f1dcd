/**
 * Galata configuration for the real-time collaboration tests (tests/rtc*.spec.ts): the
 * same browser and settings as playwright.config.js, but a server from the separate
 * environment made by scripts/setup-rtc.sh, where jupyter-collaboration is installed
 * (it is kept out of the main one: it changes every notebook, hence every other test).
 */
const path = require('path');
const base = require('./playwright.config');

const venv =
  process.env.LINEARIZE_RTC_VENV || path.resolve(__dirname, '..', '.venv-rtc');

module.exports = {
  ...base,
  testMatch: /\/tests\/rtc[^/]*\.spec\.ts$/,
  testIgnore: [],
  webServer: {
    ...base.webServer,
    command: `${venv}/bin/jupyter lab --config jupyter_server_test_config.py`
  }
};
