import { test, expect } from "@playwright/test";
import { openHydrated, expectAccessible, watchCsp, logIn, DEMO_PASSWORD } from "./helpers";

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

/** A file without the Ministry's columns: the import job refuses it whole, nothing changes. */
const NOT_A_REGISTRY = {
  name: "persone.csv",
  mimeType: "text/csv",
  buffer: Buffer.from("nome;cognome\nMario;Rossi\n"),
};

test("the registry upload becomes a job whose page follows it to the outcome", async ({ page }) => {
  const csp = watchCsp(page);
  await logIn(page, "admin.demo");
  await openHydrated(page, "/amministrazione/scuole");
  const form = page.getByTestId("import-form");
  await form.getByLabel("File CSV dell'anagrafe delle scuole (Ministero)").setInputFiles(NOT_A_REGISTRY);
  await form.getByRole("button", { name: "Importa" }).click();
  await expect(page).toHaveURL(/\/amministrazione\/importa\/\d+$/);
  // The island polls the job and reloads the page once it is over.
  await expect(page.getByTestId("import-failed")).toContainText("CODICESCUOLA", { timeout: 20_000 });
  await expectAccessible(page);
  expect(csp).toEqual([]);
});

test.describe("the registry upload without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("posts the form, refuses a missing file beside the field, follows the job by a link", async ({ page }) => {
    await page.goto("/accedi");
    await page.getByLabel("Nome utente").fill("admin.demo");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Accedi" }).click();
    await expect(page).toHaveURL(/\/scuola$/);

    await page.goto("/amministrazione/scuole");
    const form = page.getByTestId("import-form");
    await form.getByRole("button", { name: "Importa" }).click();
    await expect(page).toHaveURL(/importa=file/);
    await expect(page.locator("#imp-file-error")).toHaveText("Scegliere il file CSV da importare.");

    await page
      .getByTestId("import-form")
      .getByLabel("File CSV dell'anagrafe delle scuole (Ministero)")
      .setInputFiles(NOT_A_REGISTRY);
    await page.getByTestId("import-form").getByRole("button", { name: "Importa" }).click();
    await expect(page).toHaveURL(/\/amministrazione\/importa\/\d+$/);
    await expect(async () => {
      if ((await page.getByTestId("import-failed").count()) === 0) {
        await page.getByRole("link", { name: "Aggiorna lo stato" }).click();
      }
      await expect(page.getByTestId("import-failed")).toContainText("CODICESCUOLA", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  });
});
