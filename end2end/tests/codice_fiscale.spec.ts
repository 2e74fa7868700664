import { test, expect } from "@playwright/test";
import { openHydrated } from "./helpers";

// Check letters worked out by hand with the odd/even tables of DESIGN.md:
// RSSMRA85T10A562 -> S; its fully omocode form RSSMRAURTMLARSN -> L.
const VALID = "RSSMRA85T10A562S";
const OMOCODE = "RSSMRAURTMLARSNL";
const WRONG_CHECK = "RSSMRA85T10A562X";

test("a wrong check letter gives a red error beside the field, keeping the typed value", async ({ page }) => {
  await openHydrated(page, "/codice-fiscale");
  const field = page.getByLabel("Codice fiscale");
  await field.fill(WRONG_CHECK);
  const error = page.locator("#cf-code-error");
  await expect(error).toContainText("Carattere di controllo errato");
  await expect(error).toContainText("atteso S");
  await expect(error).toContainText("trovato X");
  await expect(error).toHaveCSS("color", "rgb(196, 0, 26)");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".form-group.has-error")).toHaveCount(1);

  // The server says the same, and the typed value stays in the field.
  await page.getByRole("button", { name: "Verifica" }).click();
  const server = page.getByTestId("cf-server");
  await expect(server).toContainText("codice non valido");
  await expect(server).toContainText("atteso S, trovato X");
  await expect(server).toContainText("concordano");
  await expect(field).toHaveValue(WRONG_CHECK);
});

test("a valid omocode is decoded in the browser and confirmed by the server", async ({ page }) => {
  await openHydrated(page, "/codice-fiscale");
  await page.getByLabel("Codice fiscale").fill(OMOCODE.toLowerCase());
  const local = page.getByTestId("cf-local");
  await expect(local.locator('[data-field="birth-date"]')).toHaveText("10/12/1985");
  await expect(local.locator('[data-field="sex"]')).toHaveText("Maschio");
  await expect(local.locator('[data-field="belfiore"]')).toHaveText("A562");
  await expect(local.locator('[data-field="omocode"]')).toHaveText(`Sì (codice base ${VALID})`);
  await expect(page.locator("#cf-code-error")).toHaveText("");

  await page.getByRole("button", { name: "Verifica" }).click();
  const server = page.getByTestId("cf-server");
  await expect(server).toContainText("codice valido");
  await expect(server.locator('[data-field="code"]')).toHaveText(OMOCODE);
  await expect(server.locator('[data-field="birth-date"]')).toHaveText("10/12/1985");
  await expect(server.locator('[data-field="place"]')).toHaveText("San Giuliano Terme (PI)");
  await expect(server).toContainText("Il controllo nel browser e quello del server concordano.");
});

test("editing after a check asks for a new check", async ({ page }) => {
  await openHydrated(page, "/codice-fiscale");
  const field = page.getByLabel("Codice fiscale");
  await field.fill(VALID);
  await page.getByRole("button", { name: "Verifica" }).click();
  await expect(page.getByTestId("cf-server")).toContainText("concordano");
  await field.fill(VALID.slice(0, 15));
  await expect(page.locator("#cf-code-error")).toContainText("16 caratteri");
  await expect(page.getByTestId("cf-server")).toContainText("premere di nuovo");
});
