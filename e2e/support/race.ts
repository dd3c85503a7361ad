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
 * Presses `buttons[i]` on `pages[i]`, all at once. Each button's place is found beforehand, so a
 * press is then one mouse click and they leave together (tens of ms apart, where locator.click's
 * checks spread them over a second). Returns the timings of the actions the presses sent.
 */
export async function pressTogether(pages: Page[], buttons: Locator[]): Promise<ActionTiming[]> {
  const spots = await Promise.all(
    buttons.map(async (button) => {
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      if (!box) throw new Error(`${await button.textContent()} is not on screen`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }),
  );
  const actions = recordActions(pages);
  await Promise.all(pages.map((page, i) => page.mouse.click(spots[i]!.x, spots[i]!.y)));
  return actions;
}
