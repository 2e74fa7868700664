import { test, expect } from "@playwright/test";
import { openHydrated, expectAccessible, watchCsp, logIn } from "./helpers";

test("a principal asks for an account on /registrazione, checked in the browser", async ({ page }) => {
  const csp = watchCsp(page);
  await openHydrated(page, "/registrazione");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Richiesta di registrazione");
  await expectAccessible(page);
  const form = page.getByTestId("registration");
  await form.getByLabel("Codice meccanografico dell'istituto").fill("MI");
  await form.getByRole("button", { name: "Invia la richiesta" }).click();
  await expect(page.locator("#reg-istituto-error")).toContainText("10 caratteri");
  await expect(page.locator("#reg-istituto-error")).toHaveCSS("color", "rgb(196, 0, 26)");
  await expectAccessible(page);
  await form.getByLabel("Codice meccanografico dell'istituto").fill("MIIC8ZZ00X");
  await form.getByLabel("Codice fiscale del dirigente scolastico").fill("RSSMRA85T10A562S");
  await form.getByLabel("Nome e cognome").fill("Mario Rossi");
  await form.getByLabel("Indirizzo e-mail").fill("mario.rossi@scuola.it");
  await form.getByLabel("Telefono").fill("02 1234567");
  await form.getByRole("button", { name: "Invia la richiesta" }).click();
  await expect(page.getByTestId("registration-sent")).toContainText("Richiesta inviata");
  expect(csp).toEqual([]);
});

test("an administrator sees the request and the administration pages are accessible", async ({ page }) => {
  await logIn(page, "admin.demo");
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Amministrazione" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Amministrazione");
  await expect(page.getByTestId("pending-count")).toContainText("in attesa: 1");
  // No module work for administrators: the menu lists none.
  await expect(page.getByTestId("module-link")).toHaveCount(0);
  await expectAccessible(page);

  await openHydrated(page, "/amministrazione/richieste");
  const row = page.getByTestId("request-row").first();
  await expect(row).toContainText("Mario Rossi");
  await expectAccessible(page);
  // The demo istituto already has its principal: a clear refusal.
  await row.getByRole("button", { name: "Approva (solo SPID/CIE)" }).click();
  await expect(row).toContainText("già un dirigente attivo");
  await row.getByLabel("Motivo del rifiuto").fill("L'istituto ha già un dirigente registrato");
  await row.getByRole("button", { name: "Respingi" }).click();
  await expect(page.getByTestId("request-row").first()).toContainText("respinta: L'istituto ha già un dirigente registrato");

  for (const path of ["/amministrazione/ats", "/amministrazione/scuole", "/amministrazione/account"]) {
    await openHydrated(page, path);
    await expectAccessible(page);
  }
  await expect(page.getByTestId("account-row").filter({ hasText: "delegato.demo" })).toHaveCount(1);
});

test("a principal is refused the administration pages", async ({ page }) => {
  await logIn(page, "dirigente.lodi");
  await openHydrated(page, "/amministrazione/account");
  await expect(page.getByTestId("refusal")).toContainText("Operazione non consentita");
  await expect(page.getByTestId("accounts-table")).toHaveCount(0);
});
