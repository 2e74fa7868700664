import { test, expect } from "@playwright/test";
import { openHydrated, expectAccessible, logIn, waitHydrated, DEMO_PASSWORD } from "./helpers";

// The portal's day in these tests is Tuesday 24/11/2026 (PORTALE_TODAY): a
// survey day. The Monday refusal and the Wednesday late entry are covered
// by server/tests/absences.rs with a moved clock.

test("the ATS designates a sentinel plesso; the school enters iscritti e classi and the day's absences", async ({ page }) => {
  // Two logins, two forms and five saves: more than the default 30 s on 2 cores.
  test.setTimeout(90_000);
  await logIn(page, "operatore.ats");
  await openHydrated(page, "/assenze");
  await expectAccessible(page);
  const row = page.locator('tr[data-codice="MIEE8ZZ02V"]');
  await row.getByRole("button", { name: /Designa scuola sentinella/ }).click();
  await expect(page.locator('tr[data-codice="MIEE8ZZ02V"]').getByTestId("sentinel-state")).toHaveText("sì");

  await page.context().clearCookies();
  await logIn(page, "dirigente.demo");
  // The reminder on "La mia scuola" until this year's figures are in.
  await expect(page.getByTestId("enrolment-reminder")).toContainText("Scuola primaria Via Marelli");
  await page
    .getByRole("navigation", { name: "Menu principale" })
    .getByRole("link", { name: "Registro assenze" })
    .click();
  await waitHydrated(page, /\/assenze$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registro assenze");
  const primaria = page.locator("#plesso-2");
  await expect(primaria.getByTestId("enrolment-missing")).toBeVisible();
  await expectAccessible(page);

  await primaria.getByRole("button", { name: "Aggiungi" }).click();
  await waitHydrated(page, /\/assenze\/iscritti\?plesso=2$/);
  await expect(page.getByLabel("In vigore dal")).toHaveValue("24/11/2026");
  // Checked in the browser with the shared rules.
  await page.getByLabel("Numero di iscritti (6-19 anni)").fill("10");
  await page.getByLabel("Numero di classi").fill("12");
  await page.getByRole("button", { name: "Salva" }).click();
  await expect(page.locator("#enr-classes-error")).toHaveText("Le classi non possono essere più degli iscritti.");
  await expectAccessible(page);
  await page.getByLabel("Numero di iscritti (6-19 anni)").fill("400");
  await page.getByLabel("Numero di classi").fill("18");
  await page.getByRole("button", { name: "Salva" }).click();
  await waitHydrated(page, /\/assenze\?salvato=\d+/);
  await expect(page.getByTestId("enrolment-saved")).toHaveText("Dati salvati correttamente.");

  // Tuesday: the day's absences, on time.
  const entry = page.locator("#plesso-2").getByTestId("sentinel-entry");
  await expect(entry).toHaveAttribute("data-window", "aperta");
  await expect(entry.getByTestId("window-open")).toHaveText("Assenze di martedì 24/11/2026");
  await entry.getByLabel("Alunni assenti").fill("401");
  await entry.getByRole("button", { name: "Salva rilevazione" }).click();
  await expect(page.locator("#abs-absent-error")).toHaveText("Gli assenti non possono essere più degli iscritti (400).");
  await entry.getByLabel("Alunni assenti").fill("12");
  // Class by class, the classes must add up to the plesso's absent.
  await entry.getByLabel("Assenti per classe (facoltativo)").fill("1A;5\n2B;6");
  await entry.getByRole("button", { name: "Salva rilevazione" }).click();
  await expect(page.locator("#abs-per-class-error")).toHaveText(
    "La somma degli assenti per classe (11) deve essere uguale agli alunni assenti (12).",
  );
  await entry.getByLabel("Assenti per classe (facoltativo)").fill("1A;5\n2B;7;2");
  await entry.getByRole("button", { name: "Salva rilevazione" }).click();
  await waitHydrated(page, /\/assenze\?registrata=\d+/);
  await expect(page.getByTestId("entry-saved")).toBeVisible();
  await expect(page.getByTestId("series-table")).toContainText("3,0 %");
  await expect(page.getByTestId("series-table")).toContainText("1A 5, 2B 7");
  await expect(page.getByTestId("entry-existing")).toContainText("12 assenti");
  await expectAccessible(page);
});

test("the ATS operator reviews the alert of the demo's outbreak series and reads the trend", async ({ page }) => {
  await logIn(page, "operatore.ats");
  await openHydrated(page, "/assenze");
  await page.getByRole("link", { name: "Allerte" }).click();
  await waitHydrated(page, /\/assenze\/allerte$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Allerte");
  const alert = page
    .getByTestId("alert-row")
    .filter({ hasText: "plesso: Liceo Scientifico Demo" })
    .filter({ hasText: "17/11/2026" })
    .filter({ hasText: "C1" });
  await expect(alert).toContainText("11,5 %");
  await expect(alert.getByTestId("alert-state")).toHaveText("nuova");
  await expectAccessible(page);
  await alert.getByLabel("Stato").selectOption("presa_visione");
  await alert.getByLabel("Nota").fill("Sentita la scuola: casi respiratori");
  await alert.getByRole("button", { name: "Aggiorna" }).click();
  await expect(alert.getByTestId("alert-state")).toHaveText("presa visione");
  await expect(alert.getByLabel("Nota")).toHaveValue("Sentita la scuola: casi respiratori");

  await openHydrated(page, "/assenze/andamento");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Andamento delle assenze");
  await page.getByLabel("Serie").selectOption({ label: "Plesso: Liceo Scientifico Demo (LOPS0ZZ01B)" });
  await page.getByRole("button", { name: "Mostra" }).click();
  await expect(page.getByTestId("trend-chart")).toBeVisible();
  await expect(page.getByTestId("trend-table").first()).toContainText("15,5 %");
  await expectAccessible(page);
});

test("the ATS compares the alert methods on the demo's outbreak in the alert lab", async ({ page }) => {
  await logIn(page, "operatore.ats");
  await openHydrated(page, "/assenze/allerte");
  await page.getByRole("link", { name: "Laboratorio allerte" }).click();
  await waitHydrated(page, /\/assenze\/laboratorio$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Laboratorio allerte");
  await page.getByLabel("Serie").selectOption({ label: "Plesso: Liceo Scientifico Demo (LOPS0ZZ01B)" });
  await page.getByLabel("Inizio del focolaio (facoltativo)").fill("19/11/2026");
  await page.getByRole("button", { name: "Confronta i metodi" }).click();
  await expect(page.getByTestId("lab-chart")).toBeVisible();
  const c1 = page.locator('[data-testid="lab-method"][data-method="C1"]');
  await expect(c1.getByTestId("lab-lead")).toHaveText("2 giorni prima dell'inizio");
  await expect(page.locator('[data-testid="lab-method"][data-method="HLIMITS"]').getByTestId("lab-lead")).toHaveText(
    "nessuna allerta",
  );
  await expectAccessible(page);
});

test("the ATS closes a day on its school calendar, then restores the default", async ({ page }) => {
  await logIn(page, "operatore.ats");
  await openHydrated(page, "/assenze");
  await page.getByRole("link", { name: "Calendario scolastico" }).click();
  await waitHydrated(page, /\/assenze\/calendario/);
  await expect(page.getByTestId("calendar-source")).toHaveText("Origine: predefinito Lombardia.");
  await expectAccessible(page);
  const form = page.getByTestId("closed-day-form");
  await form.getByLabel("Giorno").fill("31/11/2026");
  await form.getByRole("button", { name: "Aggiungi giorno di chiusura" }).click();
  await expect(form.locator(".field-error").first()).not.toBeEmpty();
  await form.getByLabel("Giorno").fill("01/12/2026");
  await form.getByLabel("Motivo").fill("Santo patrono");
  await form.getByRole("button", { name: "Aggiungi giorno di chiusura" }).click();
  await expect(page.getByTestId("closed-days")).toContainText("Santo patrono");
  await expect(page.getByTestId("calendar-source")).toHaveText("Origine: personalizzato.");
  await page.getByRole("button", { name: "Ripristina il calendario predefinito" }).click();
  await expect(page.getByTestId("calendar-source")).toHaveText("Origine: predefinito Lombardia.");
  await expect(page.getByTestId("closed-days")).not.toContainText("Santo patrono");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a sentinel school enters the day's absences with plain form posts", async ({ page }) => {
    await page.goto("/accedi");
    await page.getByLabel("Nome utente").fill("dirigente.lodi");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Accedi" }).click();
    await expect(page).toHaveURL(/\/scuola$/);
    await page.goto("/assenze");
    const entry = page.getByTestId("sentinel-entry");
    await expect(entry.getByTestId("window-open")).toHaveText("Assenze di martedì 24/11/2026");
    // Refused by the server: the page again, the reason beside the field,
    // what was typed kept.
    await entry.getByLabel("Alunni assenti").fill("700");
    await entry.getByRole("button", { name: "Salva rilevazione" }).click();
    await expect(page.locator("#abs-absent-error")).toHaveText("Gli assenti non possono essere più degli iscritti (620).");
    await expect(page.getByLabel("Alunni assenti")).toHaveValue("700");
    expect(page.url()).not.toContain("__err");
    await page.getByLabel("Alunni assenti").fill("30");
    await page.getByRole("button", { name: "Salva rilevazione" }).click();
    await expect(page).toHaveURL(/\/assenze\?registrata=\d+/);
    await expect(page.getByTestId("entry-saved")).toHaveText("Rilevazione delle assenze registrata.");
    await expect(page.getByTestId("entry-existing")).toContainText("30 assenti");
  });
});
