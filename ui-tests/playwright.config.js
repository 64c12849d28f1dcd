/**
 * Galata configuration: Debian's Chromium (no browser download on these machines),
 * one worker, a server bound to 127.0.0.1 that Playwright starts and stops itself.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const fs = require('fs');
const os = require('os');
const path = require('path');

// A known server root, so tests can check files on disk and make real git repositories
// in it (configure_jupyter_server reads this variable; workers inherit it).
if (!process.env.JUPYTERLAB_GALATA_ROOT_DIR) {
  process.env.JUPYTERLAB_GALATA_ROOT_DIR = fs.mkdtempSync(
    path.join(os.tmpdir(), 'galata-test-')
  );
}

const port = process.env.UI_TEST_PORT || '8888';
const baseURL = `http://127.0.0.1:${port}`;

module.exports = {
  ...baseConfig,
  reporter: [['list'], ['html', { open: 'never' }]],
  // The collaboration tests need their own server (playwright.rtc.config.js); the
  // JupyterLite tests need no Jupyter server (playwright.lite.config.js).
  testIgnore: [/[\\/]rtc[^\\/]*\.spec\.ts$/, /[\\/]lite[^\\/]*\.spec\.ts$/],
  workers: 1,
  retries: 0,
  timeout: 90000,
  expect: { timeout: 15000 },
  use: {
    ...baseConfig.use,
    baseURL,
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  webServer: {
    command: 'jlpm start',
    url: `${baseURL}/lab`,
    timeout: 120000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe'
  }
};
