import { expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/** Opens a page and waits until the WASM bundle has hydrated it. */
export async function openHydrated(page: Page, path: string) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(path);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  return errors;
}

/**
 * After a click that navigates: waits for the new page (its URL) and for its
 * islands to hydrate, so nothing typed next races the hydration.
 */
export async function waitHydrated(page: Page, url: RegExp) {
  await expect(page).toHaveURL(url);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** axe-core on the current page: no serious or critical violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** Collects Content-Security-Policy violations reported on the console. */
export function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

/** Password of the demo accounts (scripts/test.sh fixes it for the server). */
export const DEMO_PASSWORD = process.env.PORTALE_DEMO_PASSWORD ?? "Prova-Portale-2026";

/** Logs in through the form of /accedi and waits for "La mia scuola". */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await openHydrated(page, "/accedi");
  await page.getByLabel("Nome utente").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Accedi" }).click();
  await expect(page).toHaveURL(/\/scuola$/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}
