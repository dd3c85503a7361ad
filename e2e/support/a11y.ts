// What every page must be at any width: no sideways scrolling of the page, and no
// serious or critical axe-core finding under WCAG 2.1 A/AA. The checks are soft, so one test
// walks a whole group of pages and reports every page that fails, not just the first.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "@/e2e/support/hydration";

export const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING_IMPACTS = new Set(["critical", "serious"]);

/**
 * The page has loaded, React has hydrated it (a client component may change the DOM on its
 * first render), live queries have answered and fonts are in: what a person then sees.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  // The root layout's <body> carries React's fiber once hydration has reached it.
  await waitForHydration(page, "body");
  // Polling components never go fully quiet; a short idle is enough for their first answers.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/**
 * Elements sticking out past the right edge of the window, widest first, leaving out those
 * clipped by a scrolling or overflow-hidden ancestor (they cannot widen the page).
 */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; offenders: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== "visible") return true;
      }
      return false;
    };
    const describe = (element: Element, right: number, width: number) => {
      const testId = element.getAttribute("data-testid");
      const className =
        typeof element.className === "string" && element.className ? `.${element.className.trim().split(/\s+/).join(".")}` : "";
      const text = (element.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 50);
      return `<${element.tagName.toLowerCase()}${className}${testId ? ` data-testid="${testId}"` : ""}> right=${Math.round(right)} width=${Math.round(width)} "${text}"`;
    };
    const offenders = [...document.body.querySelectorAll("*")]
      .map((element) => ({ element, rect: element.getBoundingClientRect() }))
      .filter(({ element, rect }) => rect.width > 0 && rect.right > innerWidth + 0.5 && !clipped(element))
      .sort((a, b) => b.rect.right - a.rect.right)
      .slice(0, 10)
      .map(({ element, rect }) => describe(element, rect.right, rect.width));
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, offenders };
  });
}

/** axe-core's serious and critical findings, one line per rule and one per affected element. */
export async function blockingViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const lines: string[] = [];
  for (const violation of results.violations) {
    if (!violation.impact || !BLOCKING_IMPACTS.has(violation.impact)) continue;
    lines.push(`${violation.id} (${violation.impact}): ${violation.help}`);
    for (const node of violation.nodes.slice(0, 6)) {
      lines.push(`    ${node.target.map(String).join(" > ")}  ${node.html.replace(/\s+/g, " ").slice(0, 160)}`);
    }
    if (violation.nodes.length > 6) lines.push(`    … and ${violation.nodes.length - 6} more`);
  }
  return lines;
}

/**
 * The page as it stands: no horizontal page scroll (scrollWidth <= innerWidth) and 0 serious or
 * critical axe violations. `label` names the page in the failure message.
 */
export async function expectPageSound(page: Page, label: string): Promise<void> {
  await settle(page);
  const size = page.viewportSize();
  const where = `${label} at ${size ? `${size.width}x${size.height}` : "?"} (${new URL(page.url()).pathname}${new URL(page.url()).search})`;

  const overflow = await horizontalOverflow(page);
  expect
    .soft(
      overflow.scrollWidth <= overflow.innerWidth
        ? []
        : [`scrollWidth ${overflow.scrollWidth} > innerWidth ${overflow.innerWidth}; widest elements:`, ...overflow.offenders],
      `${where}: no horizontal page scroll`,
    )
    .toEqual([]);

  expect.soft(await blockingViolations(page), `${where}: axe-core, 0 serious/critical violations`).toEqual([]);
}

/** React has hydrated this element: a key press or click on it now runs its handler. */
export async function expectHydrated(locator: Locator): Promise<void> {
  await expect
    .poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__react"))), { timeout: 15_000 })
    .toBe(true);
}
