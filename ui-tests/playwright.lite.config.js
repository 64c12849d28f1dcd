/**
 * JupyterLite UI tests: the static site built by scripts/lite-build.sh (build/lite), served by
 * Python's http.server, in Debian's Chromium. No Jupyter server at all: this is what a
 * JupyterLite deployment sees (no server extension, contents in the browser's storage).
 */
const base = require('./playwright.config');

const port = process.env.UI_TEST_LITE_PORT || '8890';
const baseURL = `http://127.0.0.1:${port}/`;

module.exports = {
  ...base,
  testMatch: /[\\/]lite[^\\/]*\.spec\.ts$/,
  testIgnore: [],
  reporter: [['list']],
  use: { ...base.use, baseURL },
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ../build/lite`,
    url: `${baseURL}lab/index.html`,
    timeout: 30000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore'
  }
};
