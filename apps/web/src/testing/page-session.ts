import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './chromium.js';
import { serveApp } from './serve-app.js';
import { watchedPage } from './watched-page.js';

/** The built page served by Vite in one headless Chromium, shared by the tests of one file. */
export interface PageSession {
  /** Console errors and uncaught page errors recorded so far. */
  readonly problems: string[];
  /** Starts the server and the browser, once; the page they show. */
  start(): Promise<Page>;
  /** Starts the server and the browser on first use, loads the page (with `search` as its query) and waits until it is ready. */
  open(search?: string): Promise<Page>;
  /** The page's count of live tensors (its footer refreshes it every 500 ms). */
  tensors(): Promise<number>;
  /** Closes the browser and the server, if they started. */
  close(): Promise<void>;
}

/**
 * A session that builds the page, serves it and opens Chromium once, inside whichever test needs it
 * first, so that a failure is reported against the tests rather than lost in a hook.
 *
 * @param screenshots - the folder for screenshots, made when the session starts
 */
export function pageSession(screenshots: string): PageSession {
  let app: Awaited<ReturnType<typeof serveApp>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page | undefined;
  let starting: Promise<Page> | undefined;
  const problems: string[] = [];
  const started = (): Promise<Page> => {
    starting ??= (async () => {
      await mkdir(screenshots, { recursive: true });
      app = await serveApp();
      browser = await launchChromium();
      page = await watchedPage(browser.context, problems);
      return page;
    })();
    return starting;
  };
  return {
    problems,
    start: started,
    open: async (search = '') => {
      const opened = await started();
      await opened.goto(`${app?.url ?? ''}${search === '' ? '' : `?${search}`}`);
      await opened.waitForSelector('body[data-ready]', { timeout: 60_000 });
      expect(await opened.getAttribute('body', 'data-ready')).toBe('true');
      return opened;
    },
    tensors: async () => {
      const opened = await started();
      await opened.waitForTimeout(600);
      return Number(await opened.getAttribute('#memory', 'data-tensors'));
    },
    close: async () => {
      await browser?.close();
      await app?.close();
    },
  };
}
