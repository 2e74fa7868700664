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

test("personal data that disagree with the code give warnings, in the browser and on the server", async ({ page }) => {
  await openHydrated(page, "/codice-fiscale");
  await page.getByLabel("Codice fiscale").fill(VALID);
  await page.getByLabel("Cognome").fill("Rossi");
  await page.getByLabel("Nome", { exact: true }).fill("Mario");
  await page.getByLabel("Data di nascita").fill("10/12/1985");
  await page.getByLabel("Sesso").selectOption("M");
  // The picker offers the comune; choosing it fills the hidden Belfiore code.
  await page.getByLabel("Comune di nascita").fill("San Giuliano Terme (PI)");
  await expect(page.locator('input[name="person[belfiore]"]')).toHaveValue("A562");
  await expect(page.getByTestId("cf-local")).toBeVisible();
  await expect(page.getByTestId("cf-warnings")).toHaveCount(0);

  // LUIGI -> consonants L G, then vowel U: letters LGU, not MRA.
  await page.getByLabel("Nome", { exact: true }).fill("Luigi");
  const warnings = page.getByTestId("cf-local").getByTestId("cf-warnings");
  await expect(warnings).toContainText("Il nome indicato corrisponde alle lettere LGU");
  await page.getByRole("button", { name: "Verifica" }).click();
  const server = page.getByTestId("cf-server");
  await expect(server.getByTestId("cf-warnings")).toContainText("LGU");
  await expect(server).toContainText("concordano");
});

test("an impossible birth date is a red error beside its field", async ({ page }) => {
  await openHydrated(page, "/codice-fiscale");
  await page.getByLabel("Codice fiscale").fill(VALID);
  await page.getByLabel("Data di nascita").fill("31/02/1985");
  await expect(page.locator("#cf-nascita-errore")).not.toBeEmpty();
  await expect(page.locator("#cf-nascita-errore")).toHaveCSS("color", "rgb(196, 0, 26)");
  await expect(page.getByLabel("Data di nascita")).toHaveValue("31/02/1985");
});

test("the comune picker puts the ATS's chief comuni first", async ({ page }) => {
  await openHydrated(page, "/codice-fiscale");
  const options = page.locator("#cf-comune-elenco option");
  await expect(options.first()).toHaveAttribute("value", "Milano (MI)");
  await expect(options.nth(1)).toHaveAttribute("value", "Lodi (LO)");
  await page.getByLabel("Comune di nascita").fill("Sesto S");
  await expect(page.locator('#cf-comune-elenco option[value="Sesto San Giovanni (MI)"]')).toHaveCount(1);
});

test("what is typed before the page comes alive is kept and reaches the server", async ({ page }) => {
  // A slow connection: the page shows at once, its WASM arrives 3 s later.
  await page.route("**/pkg/*.wasm", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue();
  });
  await page.goto("/codice-fiscale", { waitUntil: "domcontentloaded" });
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  const field = page.getByLabel("Codice fiscale");
  await field.fill(VALID);
  await page.getByLabel("Cognome").fill("Rossi");
  await page.getByLabel("Sesso").selectOption("M");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 20_000 });
  // Hydration kept every value, and the island's state holds them too.
  await expect(field).toHaveValue(VALID);
  await expect(page.getByLabel("Cognome")).toHaveValue("Rossi");
  await expect(page.getByLabel("Sesso")).toHaveValue("M");
  await page.getByRole("button", { name: "Verifica" }).click();
  await expect(page.getByTestId("cf-server")).toContainText("Risposta del server: codice valido");
});
