import { test, expect } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { openHydrated, expectAccessible, logIn, waitHydrated } from "./helpers";

/** What a secretary's Excel saves: Windows-1252, `;`, CRLF, two bad rows. */
const SCHOOL_FILE = path.join(__dirname, "..", "..", "data", "fixtures", "lovs_iscritti_1252.csv");

test("a principal uploads the pupils' file, follows the check and downloads the outcome", async ({ page }) => {
  await logIn(page, "dirigente.demo");
  await page
    .getByRole("navigation", { name: "Menu principale" })
    .getByRole("link", { name: "Obbligo vaccinale" })
    .click();
  await waitHydrated(page, /\/obbligo-vaccinale$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Obbligo vaccinale");
  await expectAccessible(page);

  // The format first, as the page invites.
  await page.getByRole("link", { name: "Formato del file" }).click();
  await waitHydrated(page, /\/obbligo-vaccinale\/formato$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Formato del file");
  await expectAccessible(page);
  await page.goBack();
  await waitHydrated(page, /\/obbligo-vaccinale$/);

  // A click on "Carica file" without a file: the reason beside the field.
  await page.getByRole("button", { name: "Carica file" }).click();
  await waitHydrated(page, /errore=file/);
  await expect(page.locator("#lovs-file-error")).toHaveText("Scegliere il file degli iscritti da caricare.");

  await page.getByLabel("File degli iscritti (CSV o Excel)").setInputFiles(SCHOOL_FILE);
  await page.getByRole("button", { name: "Carica file" }).click();
  await expect(page).toHaveURL(/\/obbligo-vaccinale\/caricamenti\/\d+$/);
  // The state shows at once; the page follows the check until it is over.
  await expect(page.getByTestId("lovs-state")).toHaveText(/caricato|in elaborazione|elaborato/);
  await expect(page.getByTestId("lovs-state")).toHaveText("elaborato", { timeout: 20_000 });
  await expect(page.getByTestId("lovs-summary")).toContainText("14 righe, 12 valide, 2 con errori");
  const problems = page.getByTestId("lovs-problems");
  await expect(problems).toContainText("Codice fiscale già presente alla riga 2.");
  await expect(problems.getByRole("row").filter({ hasText: "Carattere di controllo errato" })).toContainText("14");
  await expect(page.getByTestId("lovs-counts").locator('tr[data-esito="non_in_regola"]')).toContainText("2");
  await expectAccessible(page);

  // The outcome, in the school's own encoding and separator.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Scarica l'esito (CSV)" }).click(),
  ]);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.includes(Buffer.from("Citt\xe0 Studi", "latin1"))).toBe(true);
  const text = new TextDecoder("windows-1252").decode(bytes);
  const lines = text.split("\r\n");
  expect(lines[0]).toBe(
    "codice_fiscale;cognome;nome;data_nascita;sesso;codice_plesso;classe;sezione;note;esito;esito_descrizione;mancanti",
  );
  const ferrari = lines.find((l) => l.includes(";Ferrari;Matteo;"));
  expect(ferrari).toContain(";Città Studi;non_in_regola;Attualmente non in regola;");
  expect(ferrari).toContain("measles:2");
  expect(lines.find((l) => l.includes(";Marino;Alice;"))).toContain(";non_presente;NULL - anagrafica inesistente;");
  expect(lines.filter((l) => l.includes(";scartato;"))).toHaveLength(2);

  // The letters to the families of the pupils not in order.
  await page.getByRole("link", { name: "Lettere alle famiglie degli alunni non in regola" }).click();
  await waitHydrated(page, /\/lettere$/);
  await expect(page.getByTestId("lovs-letter")).toHaveCount(2);
  await expect(page.getByTestId("lovs-letter").first()).toContainText("10/07/2027");
  await expectAccessible(page);
});

test("the ATS operator sees the school's state and its rates", async ({ page }) => {
  await logIn(page, "operatore.ats");
  await openHydrated(page, "/obbligo-vaccinale");
  await expect(page.getByTestId("registry-info")).toContainText("Assistiti");
  const school = page.locator('tr[data-codice="MIIC8ZZ00X"]');
  await expect(school.getByTestId("school-state")).toHaveText("elaborato");
  await expect(school).toContainText("50,0 %");
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "Esporta in CSV" })).toHaveAttribute("href", "/obbligo-vaccinale/esiti.csv");
});
