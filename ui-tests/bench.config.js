/** Playwright settings for the browser benchmarks (bench/bench_panel_typing.sh): *.bench.ts only. */
const config = require('./playwright.config');

module.exports = {
  ...config,
  testMatch: '**/*.bench.ts',
  retries: 0,
  reporter: [['list']]
};
