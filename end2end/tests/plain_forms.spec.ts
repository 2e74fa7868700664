import { expect, Page, test } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, logIn } from "./helpers";

const DELEGATE = "RSSMRA85T10A562S";

/** Fills "Nuova delega" with a wrong e-mail address. */
async function fillWrongDelegation(page: Page) {
  const form = page.getByTestId("new-delegation");
  await form.getByLabel("Codice fiscale della persona delegata").fill(DELEGATE);
  await form.getByLabel("Nome e cognome").fill("Marco Verdi");
  await form.getByLabel("Indirizzo e-mail").fill("marco.verdi@");
  await form.getByLabel("Valida fino al").fill("31/12/2026");
  await form.getByLabel("Casi e contatti").check();
}

async function expectWrongDelegationKept(page: Page) {
  const form = page.getByTestId("new-delegation");
  await expect(form.getByTestId("form-errors")).toContainText(
    "ERRORE! Salvataggio non riuscito. Correggere i dati indicati in rosso",
  );
  await expect(form.locator("#del-email-error")).not.toBeEmpty();
  await expect(form.getByLabel("Codice fiscale della persona delegata")).toHaveValue(DELEGATE);
  await expect(form.getByLabel("Nome e cognome")).toHaveValue("Marco Verdi");
  await expect(form.getByLabel("Indirizzo e-mail")).toHaveValue("marco.verdi@");
  await expect(form.getByLabel("Valida fino al")).toHaveValue("31/12/2026");
  await expect(form.getByLabel("Casi e contatti")).toBeChecked();
  expect(page.url()).not.toContain("__err");
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a wrong password comes back to the login page with the username kept", async ({ page }) => {
    await page.goto("/accedi");
    await page.getByLabel("Nome utente").fill("dirigente.demo");
    await page.getByLabel("Password").fill("Sbagliata-2026");
    await page.getByRole("button", { name: "Accedi" }).click();
    await expect(page.locator("#login-error")).toContainText("Nome utente o password non corretti");
    await expect(page.getByLabel("Nome utente")).toHaveValue("dirigente.demo");
    await expect(page.getByLabel("Password")).toHaveValue("");
    expect(page.url()).not.toContain("__err");
  });

  test("a refused delegation keeps what was typed, the errors beside the fields", async ({ page }) => {
    await page.goto("/accedi");
    await page.getByLabel("Nome utente").fill("dirigente.demo");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Accedi" }).click();
    await expect(page).toHaveURL(/\/scuola$/);
    await page.goto("/deleghe");
    await fillWrongDelegation(page);
    await page.getByRole("button", { name: "Registra la delega" }).click();
    await expectWrongDelegationKept(page);
  });
});

test("a form sent before the page came alive keeps its values and errors after hydration", async ({ page }) => {
  await logIn(page, "dirigente.demo");
  // A slow connection: the WASM is held until the test lets it through, so
  // the browser posts the form itself and the server answers with the page.
  let hold = true;
  await page.route("**/pkg/*.wasm", async (route) => {
    while (hold) await new Promise((resolve) => setTimeout(resolve, 100));
    await route.continue();
  });
  await page.goto("/deleghe", { waitUntil: "domcontentloaded" });
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await fillWrongDelegation(page);
  await page.getByRole("button", { name: "Registra la delega" }).click();
  await expectWrongDelegationKept(page);
  hold = false;
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
  await expectWrongDelegationKept(page);
  // axe-core needs JavaScript: the answer page is checked here.
  await expectAccessible(page);
  // The island is alive: correcting the address clears its error.
  await page.getByTestId("new-delegation").getByLabel("Indirizzo e-mail").fill("marco.verdi@scuola.it");
  await page.getByRole("button", { name: "Registra la delega" }).click();
  await expect(page.getByTestId("new-delegation").locator("#del-email-error")).toBeEmpty();
});
