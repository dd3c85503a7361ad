import type { Page } from "@playwright/test";

/**
 * React has hydrated the first button matching `selector` (and with exactly the text
 * `text`, when given): a click now runs the server action, not a plain form post.
 */
export async function waitForHydration(page: Page, selector: string, text?: string): Promise<void> {
  await page.waitForFunction(
    ({ selector, text }) => {
      const button = [...document.querySelectorAll(selector)].find((element) => text === undefined || element.textContent === text);
      return !!button && Object.keys(button).some((key) => key.startsWith("__react"));
    },
    { selector, text },
  );
}
