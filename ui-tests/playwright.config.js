/**
 * Galata's Playwright settings, with Debian's Chromium: browsers are never downloaded here.
 *
 * Run from this folder with `jlpm playwright test`; the extension must already be
 * installed in the Python environment whose `jupyter` is on PATH.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// A port of our own, so that a JupyterLab someone else runs on 8888 is never reused.
const port = process.env.JUPYTER_PROD_UI_TESTS_PORT || '8890';
const baseURL = `http://127.0.0.1:${port}`;

module.exports = {
  ...baseConfig,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
    baseURL,
    video: 'off', // recording needs Playwright's own ffmpeg download
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic'
      ]
    }
  },
  webServer: {
    command: `jupyter lab --config jupyter_server_test_config.py --ServerApp.port=${port}`,
    url: `${baseURL}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
