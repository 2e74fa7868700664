import { test, expect } from "@playwright/test";
import { openHydrated, expectAccessible, watchCsp, logIn, waitHydrated, DEMO_PASSWORD } from "./helpers";

const FIRST = "MIIC8ZZ00X"; // Istituto Comprensivo Demo "Città Studi"

test("the login page is accessible and hydrates under the CSP", async ({ page }) => {
  const csp = watchCsp(page);
  const errors = await openHydrated(page, "/accedi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accedi");
  await expect(page.getByRole("link", { name: "Accedi" })).toBeVisible();
  await expectAccessible(page);
  expect(errors).toEqual([]);
  expect(csp).toEqual([]);
});

test("a wrong password gets the one generic message", async ({ page }) => {
  await openHydrated(page, "/accedi");
  await page.getByLabel("Nome utente").fill("dirigente.lodi");
  await page.getByLabel("Password").fill("Sbagliata-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await expect(page.getByRole("alert")).toContainText("Nome utente o password non corretti");
  // Still the login page (the plain form post carries the error back in the query).
  await expect(page).toHaveURL(/\/accedi(\?|$)/);
});

test("a principal logs in and sees the istituto with its plessi", async ({ page }) => {
  const csp = watchCsp(page);
  await logIn(page, "dirigente.demo");
  await expect(page.getByTestId("user-name")).toHaveText("Giulia Bianchi");
  await expect(page.getByTestId("user-role")).toHaveText("Dirigente scolastico");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("La mia scuola");
  const schools = page.getByTestId("istituto");
  await expect(schools).toHaveCount(1);
  await expect(schools.getByRole("heading", { level: 2 })).toContainText("Città Studi");
  await expect(schools.getByTestId("plesso")).toHaveCount(2);
  await expect(schools).toContainText("Scuola dell'infanzia Via Pascoli");
  await expect(schools).toContainText("Scuola primaria Via Marelli");
  await expectAccessible(page);
  expect(csp).toEqual([]);

  // Client-side navigation to the istituto's page.
  await schools.getByRole("link", { name: /Città Studi/ }).click();
  await expect(page).toHaveURL(new RegExp(`/scuola/${FIRST}$`));
  await expect(page.getByTestId("plesso")).toHaveCount(2);
});

test("another school's principal is refused the first school's page", async ({ page }) => {
  await logIn(page, "dirigente.lodi");
  await expect(page.getByTestId("istituto")).toHaveCount(1);
  await expect(page.getByTestId("istituto")).toContainText("Lodi");
  await openHydrated(page, `/scuola/${FIRST}`);
  await expect(page.getByTestId("refusal")).toHaveText("Elemento non trovato o non accessibile.");
  await expect(page.locator("main")).not.toContainText("Città Studi");
  await expect(page.locator("main")).not.toContainText("Via Pascoli");
});

test("a logged-in user's server calls carry the anti-forgery token", async ({ page }) => {
  await logIn(page, "referente.demo");
  await expect(page.getByTestId("plesso")).toHaveCount(1);
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Verifica codice fiscale" }).click();
  await waitHydrated(page, /\/codice-fiscale$/);
  await page.getByLabel("Codice fiscale").fill("RSSMRA85T10A562S");
  await page.getByRole("button", { name: "Verifica" }).click();
  await expect(page.getByTestId("cf-server")).toContainText("Risposta del server: codice valido");
});

test("logout ends the session", async ({ page }) => {
  await logIn(page, "operatore.ats");
  await expect(page.getByTestId("istituto")).toHaveCount(2);
  await page.getByRole("button", { name: "Esci" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Accedi" })).toBeVisible();
  await openHydrated(page, "/scuola");
  await expect(page.getByTestId("refusal")).toContainText("Accesso richiesto");
});

test("an administrator browses the activity log", async ({ page }) => {
  await logIn(page, "admin.demo");
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Registro attività" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registro attività");
  await waitHydrated(page, /\/registro-attivita/);
  await expect(page.getByTestId("audit-table")).toContainText("admin.demo");
  await page.getByLabel("Tipo di dato").selectOption("accounts");
  await page.getByRole("button", { name: "Filtra" }).click();
  await expect(page).toHaveURL(/entita=accounts/);
  await expect(page.getByTestId("audit-table")).toContainText("dirigente.lodi");
  await expect(page.getByTestId("audit-table")).toContainText("create");
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the login form still works", async ({ page }) => {
    await page.goto("/accedi");
    await page.getByLabel("Nome utente").fill("delegato.demo");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Accedi" }).click();
    await expect(page).toHaveURL(/\/scuola$/);
    await expect(page.getByTestId("user-name")).toHaveText("Marco Verdi");
    await expect(page.getByTestId("istituto")).toContainText("Città Studi");
    await page.getByRole("button", { name: "Esci" }).click();
    await expect(page.getByRole("link", { name: "Accedi" })).toBeVisible();
  });
});
