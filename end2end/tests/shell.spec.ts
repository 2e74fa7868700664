import { test, expect } from "@playwright/test";
import { openHydrated, expectAccessible } from "./helpers";

const PAGES = [
  ["/", "Portale Scuole"],
  ["/codice-fiscale", "Verifica codice fiscale"],
  ["/obbligo-vaccinale", "Obbligo vaccinale"],
  ["/casi", "Casi e contatti"],
  ["/allontanamenti", "Allontanamenti"],
  ["/assenze", "Registro assenze"],
] as const;

test("the home page hydrates without errors and shows the ATS", async ({ page }) => {
  const errors = await openHydrated(page, "/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Portale Scuole");
  await expect(page.locator(".brand-subtitle")).toHaveText("ATS della Città Metropolitana di Milano");
  expect(errors).toEqual([]);
});

test("the menu leads to each module and marks the current page", async ({ page }) => {
  await openHydrated(page, "/");
  const nav = page.getByRole("navigation", { name: "Menu principale" });
  await nav.getByRole("link", { name: "Registro assenze" }).click();
  await expect(page).toHaveURL(/\/assenze$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registro assenze");
  await expect(nav.getByRole("link", { name: "Registro assenze" })).toHaveAttribute("aria-current", "page");
  // Every page load hydrates its islands again.
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
});

test("the skip link leads to the main content", async ({ page }) => {
  await openHydrated(page, "/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Vai al contenuto principale" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#contenuto$/);
});

test("an unknown address answers 404 with an Italian page", async ({ page }) => {
  const response = await page.goto("/non-esiste");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagina non trovata");
});

for (const [path, title] of PAGES) {
  test(`accessibility (axe-core) of ${path}`, async ({ page }) => {
    await openHydrated(page, path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expectAccessible(page);
  });
}
