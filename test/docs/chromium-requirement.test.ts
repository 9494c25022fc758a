import { describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from './support.js';

describe('the Chromium the browser tests need', () => {
  it('is the Debian binary unless LDP_CHROMIUM names another', () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath({ LDP_CHROMIUM: '/opt/chromium/chrome' })).toBe('/opt/chromium/chrome');
  });

  it('when missing, fails with one line that says what to install', async () => {
    const failure = await launchChromium('/no/such/chromium').then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toBe(
      'The docs browser tests need Chromium at /no/such/chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) or set LDP_CHROMIUM to its path.',
    );
    expect(failure).not.toContain('\n');
  });
});
