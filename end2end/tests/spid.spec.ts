import { test, expect } from "@playwright/test";
import { openHydrated } from "./helpers";

// scripts/test.sh starts a real OpenID provider (npm oidc-provider) in place
// of the SPID/CIE gateway; its development login form takes any password.
async function loginAtProvider(page: import("@playwright/test").Page, user: string) {
  await openHydrated(page, "/accedi");
  await page.getByRole("link", { name: "Entra con SPID / CIE" }).click();
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill("qualsiasi");
  await page.locator('button[type="submit"]').click();
  // Consent, when the provider asks for it.
  const consent = page.locator('input[name="prompt"][value="consent"]');
  if (await consent.count()) {
    await page.locator('button[type="submit"]').click();
  }
}

test("the demo principal logs in through the OpenID provider", async ({ page }) => {
  await loginAtProvider(page, "dirigente.demo");
  await expect(page).toHaveURL(/\/scuola$/);
  await expect(page.getByTestId("user-name")).toHaveText("Giulia Bianchi");
  await expect(page.getByTestId("user-role")).toHaveText("Dirigente scolastico");
  await expect(page.getByTestId("istituto")).toHaveCount(1);
});

test("a person not registered in the portal gets the explanation, and no session", async ({ page }) => {
  await loginAtProvider(page, "sconosciuto");
  await expect(page.locator("body")).toContainText("non risulta registrato");
  await page.goto("/scuola");
  await expect(page.getByTestId("user-name")).toHaveCount(0);
});
