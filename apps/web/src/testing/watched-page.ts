import type { BrowserContext, Page } from 'playwright-core';

/**
 * The context's first page (or a new one), with every console error and uncaught page error
 * recorded in `problems`, so that a test can check at the end that the page logged none.
 */
export async function watchedPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return page;
}
