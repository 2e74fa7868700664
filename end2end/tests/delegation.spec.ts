import { test, expect, Page } from "@playwright/test";
import { openHydrated, expectAccessible, watchCsp, logIn } from "./helpers";

// The demo delegate Marco Verdi (02/07/1980, Milano F205): VRD MRC 80 L 02
// F205, check letter D worked out with the odd/even tables.
const DELEGATE_CF = "VRDMRC80L02F205D";

function menu(page: Page) {
  return page.getByRole("navigation", { name: "Menu principale" });
}

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Esci" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Accedi" })).toBeVisible();
}

test("a principal delegates 'Casi e contatti' and the delegate sees only that module", async ({ page }) => {
  const csp = watchCsp(page);
  await logIn(page, "dirigente.demo");
  await menu(page).getByRole("link", { name: "Deleghe" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deleghe");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expectAccessible(page);

  const form = page.getByTestId("new-delegation");
  // First a wrong code and no module: errors in red beside the fields,
  // checked in the browser with the shared rules; typed values stay.
  await form.getByLabel("Codice fiscale della persona delegata").fill("VRDMRC80L02F205X");
  await form.getByLabel("Nome e cognome").fill("Marco Verdi");
  await form.getByLabel("Indirizzo e-mail").fill("marco.verdi@scuola.it");
  await form.getByLabel("Valida fino al").fill("31/12/2026");
  await form.getByRole("button", { name: "Registra la delega" }).click();
  const cfError = page.locator("#del-cf-error");
  await expect(cfError).toContainText("D");
  await expect(cfError).toHaveCSS("color", "rgb(196, 0, 26)");
  await expect(page.locator("#del-modules-error")).toHaveText("Selezionare almeno un modulo da delegare.");
  await expect(page.getByTestId("form-errors")).toContainText("ERRORE! Salvataggio non riuscito");
  await expect(form.getByLabel("Nome e cognome")).toHaveValue("Marco Verdi");
  await expectAccessible(page);

  await form.getByLabel("Codice fiscale della persona delegata").fill(DELEGATE_CF);
  await form.getByLabel("Casi e contatti").check();
  await form.getByRole("button", { name: "Registra la delega" }).click();
  await expect(page).toHaveURL(/\/deleghe\?nuova=\d+/);
  await expect(page.getByTestId("notice")).toContainText("Delega registrata");
  const row = page.getByTestId("delegation-row").first();
  await expect(row).toContainText("Marco Verdi");
  await expect(row).toContainText(DELEGATE_CF);
  await expect(row.getByTestId("delegation-modules")).toHaveText("Casi e contatti");
  await expect(row).toContainText("attiva");

  // The printable form, filled in.
  await row.getByRole("link", { name: "Modulo da stampare" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Modulo di delega");
  const sheet = page.getByTestId("print-sheet");
  await expect(sheet.locator("[data-field=principal]")).toHaveText("Giulia Bianchi");
  await expect(sheet.locator("[data-field=delegate]")).toHaveText("Marco Verdi");
  await expect(sheet.locator("[data-field=codice_fiscale]")).toHaveText(DELEGATE_CF);
  await expect(sheet.locator("[data-field=modules]")).toHaveText("Casi e contatti");
  await expect(sheet.locator("[data-field=end]")).toHaveText("31/12/2026");
  await expect(sheet).toContainText("Firma del dirigente scolastico");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expectAccessible(page);
  // On paper only the sheet remains.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("button", { name: "Stampa" })).toBeHidden();
  await expect(sheet).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  await logOut(page);
  await logIn(page, "delegato.demo");
  await expect(menu(page).getByTestId("module-link")).toHaveCount(1);
  await expect(menu(page).getByTestId("module-link")).toHaveText("Casi e contatti");
  await menu(page).getByRole("link", { name: "Casi e contatti" }).click();
  await expect(page.getByTestId("delegated-until")).toContainText("valida fino al 31/12/2026");

  await openHydrated(page, "/obbligo-vaccinale");
  await expect(page.getByTestId("refusal")).toContainText(
    "Il modulo «Obbligo vaccinale» non le è stato delegato: chiedere al dirigente scolastico",
  );
  expect(csp).toEqual([]);
});

test("revocation asks for confirmation and takes effect at once", async ({ page }) => {
  await logIn(page, "dirigente.demo");
  await openHydrated(page, "/deleghe");
  const row = page.getByTestId("delegation-row").filter({ hasText: DELEGATE_CF }).first();
  await row.getByRole("button", { name: "Revoca" }).click();
  await expect(row.getByRole("alert")).toContainText("Revocare la delega a Marco Verdi?");
  await row.getByRole("button", { name: "Conferma la revoca" }).click();
  await expect(page).toHaveURL(/\/deleghe\?revocata=1/);
  const revoked = page.getByTestId("delegation-row").filter({ hasText: DELEGATE_CF }).first();
  await expect(revoked).toContainText("revocata il 24/11/2026 da Giulia Bianchi");
  await expect(revoked.getByRole("button", { name: "Revoca" })).toHaveCount(0);

  await logOut(page);
  await logIn(page, "delegato.demo");
  await expect(menu(page).getByTestId("module-link")).toHaveCount(0);
  await openHydrated(page, "/casi");
  await expect(page.getByTestId("refusal")).toContainText("La delega per questo modulo è stata revocata il 24/11/2026");
});
