// What the race specs share: pressing a button in many browsers at once, recording when each
// action left and when its answer came.
import type { Locator, Page } from "@playwright/test";

export interface ActionTiming {
  sent: number;
  answered: number;
}

/**
 * Records when each page sent a server action and when the answer came, so a test can show the
 * presses were a race rather than a queue.
 */
export function recordActions(pages: Page[]): ActionTiming[] {
  const actions: ActionTiming[] = [];
  for (const page of pages) {
    page.on("request", (request) => {
      if (request.method() !== "POST" || !request.headers()["next-action"]) return;
      const action = { sent: Date.now(), answered: Infinity };
      actions.push(action);
      void request.response().then(() => (action.answered = Date.now()));
    });
  }
  return actions;
}

/**
 * Presses `buttons[i]` on `pages[i]`, all at the same instant. Every page is told beforehand to
 * click its button at one moment of the machine's clock (the pages share it), 1.5 s ahead, and
 * clicks it on its own timer: the presses leave together however slowly Playwright's commands
 * reach twenty browsers on a busy machine (plain mouse clicks sent one command each spread out
 * so far under load that only 4 of 20 claims were on their way before the first answer).
 * Returns the timings of the actions the presses sent.
 */
export async function pressTogether(pages: Page[], buttons: Locator[]): Promise<ActionTiming[]> {
  await Promise.all(buttons.map((button) => button.scrollIntoViewIfNeeded()));
  const actions = recordActions(pages);
  const at = Date.now() + 1_500;
  const late = await Promise.all(
    buttons.map((button) =>
      button.evaluate((element, at) => {
        const wait = at - Date.now();
        setTimeout(() => (element as HTMLElement).click(), Math.max(0, wait));
        return wait <= 0;
      }, at),
    ),
  );
  if (late.some(Boolean)) console.warn(`pressTogether: ${late.filter(Boolean).length} of ${late.length} pages were told after the instant`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now()) + 100));
  return actions;
}
