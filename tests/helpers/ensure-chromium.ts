// Run before the tests: browser tests need Debian's Chromium. Installs it where we may
// (root with apt-get), otherwise says exactly what to do. Never downloads a browser build.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './browser.ts';

const INSTALL = 'apt-get update && apt-get install -y chromium fonts-dejavu-core';

if (!existsSync(CHROMIUM_PATH)) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (isRoot && hasApt) {
    console.log(`Chromium is missing at ${CHROMIUM_PATH}; installing Debian's package (${INSTALL})…`);
    execFileSync('sh', ['-c', `${INSTALL} >/dev/null`], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(
      `The browser tests need Chromium at ${CHROMIUM_PATH}.\n` +
        `Install it with:  sudo sh -c '${INSTALL}'\n` +
        'or point PITCHBOARD_CHROMIUM at another Chromium binary.',
    );
    process.exit(1);
  }
}
