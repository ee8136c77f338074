// Headless Chromium as every browser test and the page benchmark start it:
// Debian's /usr/bin/chromium (or $CHROMIUM), with no network of its own.

import { chromium } from "playwright-core";

export const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launch the browser. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: LAUNCH_ARGS,
  });
}
