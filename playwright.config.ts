import { defineConfig, devices } from '@playwright/test';

// Debian's chromium: Playwright's own browser download cannot work here (no internet), and the
// system package is what an operator's CI image would have too.
const CHROMIUM = process.env.ZONECUT_CHROMIUM ?? '/usr/bin/chromium';
const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.tmp/playwright.json' }]] : [['list'], ['json', { outputFile: '.tmp/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, testIgnore: [/\.lab-switch\.spec\.ts$/, /instances\.spec\.ts$/] },
    // Two more app servers, PostgreSQL and Redis: started while the other specs run, they starve the
    // main server on a 2-core machine (a page stuck at 'Loading…' for 15 s), so they run after them.
    { name: 'instances', use: { ...devices['Desktop Chrome'], channel: undefined }, testMatch: /instances\.spec\.ts$/, dependencies: ['desktop'] },
    // Specs that flip a lab scenario (POST /api/lab/switch) change what every check of it sees:
    // they run alone, after everything else.
    { name: 'lab-switch', use: { ...devices['Desktop Chrome'], channel: undefined }, testMatch: /\.lab-switch\.spec\.ts$/, dependencies: ['desktop'] },
  ],
  webServer: {
    // start.mjs builds when the build is not current, then serves the lab universe.
    command: `node scripts/start.mjs`,
    url: `http://127.0.0.1:${PORT}/`,
    // Every spec's browser is one client (127.0.0.1) running dozens of checks in a few minutes: the
    // per-client rate of checks (10 a minute by default) would refuse most of them.
    env: {
      PORT: String(PORT),
      ZONECUT_LAB: 'on',
      ZONECUT_LAB_SWITCHES: 'on',
      ZONECUT_CHECKS_PER_MINUTE: '100000',
      // Runs retention at start (it deletes nothing this young) so the start-up path is exercised.
      ZONECUT_REPORT_RETENTION_DAYS: '3650',
      // The watch spec's webhook receiver listens on 127.0.0.1 (lab checks never leave the process).
      ZONECUT_ALLOW_TARGETS: '127.0.0.1/32',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
