// Puppeteer (pulled in by @web/test-runner-puppeteer for the Firefox suite) must never download a browser: the
// tests drive Debian's /usr/bin/firefox-esr and /usr/bin/chromium. The same as PUPPETEER_SKIP_DOWNLOAD=1, so a
// plain `npm install` needs no environment variable (puppeteer's install script looks for this file upwards).
module.exports = { skipDownload: true };
