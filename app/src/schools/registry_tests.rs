//! Tests of the registry import on small files written in the Ministry's
//! column format (data/fixtures/). Expected values are read off the
//! fixtures by hand.

use super::*;

const STATALI: &[u8] = include_bytes!("../../../data/fixtures/scuole_statali.csv");
const PARITARIE: &[u8] = include_bytes!("../../../data/fixtures/scuole_paritarie.csv");
const ERRORI: &[u8] = include_bytes!("../../../data/fixtures/scuole_errori.csv");

fn codes(report: &ImportReport) -> Vec<&str> {
    report
        .schools
        .iter()
        .map(|s| s.plesso_code.as_str())
        .collect()
}

fn errors_of(report: &ImportReport, row: usize) -> Vec<(&str, &str)> {
    report
        .errors
        .iter()
        .filter(|e| e.row == row)
        .map(|e| (e.column.as_str(), e.message.as_str()))
        .collect()
}

#[test]
fn state_schools_import_with_direction_rows_skipped() {
    let report = parse_registry_csv(STATALI);
    assert_eq!(report.file_error, None);
    assert_eq!(report.errors, Vec::new());
    // Rows 3, 4, 5 (IC plessi), 6 (standalone liceo), 8 (ITI of an IIS).
    assert_eq!(
        codes(&report),
        [
            "MIAA8AB01V",
            "MIEE8AB01A",
            "MIMM8AB01X",
            "LOPS01000X",
            "MITF00901C"
        ]
    );
    // Rows 2 (IC direction), 7 (IIS direction), 9 (CPIA).
    let skipped: Vec<(usize, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.row, s.code.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [(2, "MIIC8AB00X"), (7, "MIIS00900T"), (9, "MICT70000X")]
    );
    assert!(report.skipped[0].reason.contains("sede di direzione"));
    assert!(report.skipped[2].reason.contains("CPIA"));

    let primaria = &report.schools[1];
    assert_eq!(primaria.row, 4);
    assert_eq!(primaria.istituto_code.as_str(), "MIIC8AB00X");
    assert_eq!(primaria.istituto_name, "IC GIOVANNI PASCOLI");
    assert_eq!(primaria.plesso_name, "PRIMARIA G. PASCOLI"); // double blank collapsed
    assert_eq!(primaria.comune_belfiore, "F205");
    assert_eq!(primaria.comune_name, "MILANO");
    assert_eq!(primaria.address.as_deref(), Some("VIA DEI MILLE 5"));
    assert_eq!(primaria.cap.as_deref(), Some("20129"));
    assert_eq!(primaria.school_type, SchoolType::Primaria);

    assert_eq!(report.schools[0].school_type, SchoolType::Infanzia);
    let media = &report.schools[2];
    assert_eq!(media.school_type, SchoolType::Secondaria1);
    assert_eq!(media.address.as_deref(), Some("VIA ROMA, 12")); // quoted comma
    let liceo = &report.schools[3];
    assert_eq!(liceo.school_type, SchoolType::Secondaria2);
    assert_eq!(liceo.istituto_code, liceo.plesso_code);
    assert_eq!(liceo.plesso_name, "LICEO \"G. GALILEI\""); // doubled quotes
    assert_eq!(liceo.comune_belfiore, "E648");
    let iti = &report.schools[4];
    assert_eq!(iti.istituto_code.as_str(), "MIIS00900T");
    assert_eq!(iti.comune_belfiore, "I690");
    assert_eq!(iti.address, None); // "Non Disponibile"
    assert_eq!(iti.school_type, SchoolType::Secondaria2);
}

#[test]
fn paritarie_file_semicolons_bom_crlf_and_no_istituto_columns() {
    let report = parse_registry_csv(PARITARIE);
    assert_eq!(report.file_error, None);
    assert_eq!(report.errors, Vec::new());
    assert_eq!(codes(&report), ["LO1A00500B", "RM1E00100B"]);
    let infanzia = &report.schools[0];
    assert_eq!(infanzia.school_type, SchoolType::Infanzia);
    assert_eq!(infanzia.istituto_code, infanzia.plesso_code);
    assert_eq!(infanzia.istituto_name, "SCUOLA DELL'INFANZIA SANTA CHIARA");
    let primaria = &report.schools[1];
    assert_eq!(primaria.school_type, SchoolType::Primaria);
    assert_eq!(primaria.plesso_code.as_str(), "RM1E00100B"); // upper-cased
    // "186.0": a number with its leading zeros lost -> 00186 (Roma centro).
    assert_eq!(primaria.cap.as_deref(), Some("00186"));
    assert_eq!(primaria.address, None);
}

#[test]
fn bad_rows_are_reported_and_good_rows_still_import() {
    let report = parse_registry_csv(ERRORI);
    assert_eq!(report.file_error, None);
    assert_eq!(codes(&report), ["MIEE8AB01A", "MIMM8AB01X"]);
    assert_eq!(report.schools[1].row, 10);

    let row3 = errors_of(&report, 3);
    assert_eq!(row3.len(), 1);
    assert_eq!(row3[0].0, "CODICESCUOLA");
    assert!(row3[0].1.contains("10 caratteri, ne ha 9"), "{}", row3[0].1);

    let row4 = errors_of(&report, 4);
    assert_eq!(
        row4,
        [(
            "CODICECOMUNESCUOLA",
            "il codice catastale \"Z999\" non corrisponde a nessun comune"
        )]
    );
    let row5 = errors_of(&report, 5);
    assert_eq!(row5.len(), 1);
    assert!(row5[0].1.contains("\"F2O5\" non valido"));

    let row6 = errors_of(&report, 6);
    assert_eq!(
        row6,
        [(
            "DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA",
            "tipologia \"SCUOLA GUIDA\" non riconosciuta: la scuola non è stata importata"
        )]
    );
    assert_eq!(
        errors_of(&report, 7),
        [(
            "CODICESCUOLA",
            "il codice MIEE8AB01A compare già alla riga 2"
        )]
    );
    // Row 8 stops after CODICESCUOLA: every later required column is missing.
    let row8: Vec<&str> = errors_of(&report, 8).into_iter().map(|e| e.0).collect();
    assert_eq!(
        row8,
        [
            "DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA",
            "DENOMINAZIONESCUOLA",
            "CODICECOMUNESCUOLA",
            "DESCRIZIONECOMUNE"
        ]
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.row == 8 && e.message.contains("meno colonne"))
    );
    // Row 9: empty name and a bad CAP, both reported.
    let row9: Vec<&str> = errors_of(&report, 9).into_iter().map(|e| e.0).collect();
    assert_eq!(row9, ["DENOMINAZIONESCUOLA", "CAPSCUOLA"]);
    assert_eq!(report.errors.len(), 1 + 1 + 1 + 1 + 1 + 4 + 2);
    assert_eq!(
        report.errors[0].to_string(),
        format!("Riga 3, colonna CODICESCUOLA: {}", report.errors[0].message)
    );
}

#[test]
fn missing_required_columns_stop_the_import() {
    let csv = "CODICESCUOLA,DENOMINAZIONESCUOLA,CODICECOMUNESCUOLA\nMIEE8AB01A,X,F205\n";
    let report = parse_registry_csv(csv.as_bytes());
    assert_eq!(
        report.file_error,
        Some(RegistryFileError::MissingColumns(vec![
            "DESCRIZIONECOMUNE".to_string(),
            "DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA".to_string(),
        ]))
    );
    assert!(report.schools.is_empty() && report.errors.is_empty());
    assert!(report.file_error.unwrap().to_string().contains(
        "mancano le colonne DESCRIZIONECOMUNE, DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA"
    ));
}

#[test]
fn empty_files() {
    assert_eq!(
        parse_registry_csv(b"").file_error,
        Some(RegistryFileError::Empty)
    );
    assert_eq!(
        parse_registry_csv("\u{feff}\r\n  \n".as_bytes()).file_error,
        Some(RegistryFileError::Empty)
    );
    let header_only = "CODICESCUOLA,DENOMINAZIONESCUOLA,CODICECOMUNESCUOLA,DESCRIZIONECOMUNE,DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA\n";
    let report = parse_registry_csv(header_only.as_bytes());
    assert_eq!(report, ImportReport::default());
}

#[test]
fn header_case_column_order_blank_lines_and_latin1() {
    // Latin-1 "Š" would be invalid UTF-8; "FORLÌ" in Latin-1 is 0xCC.
    let mut bytes = b"descrizionecomune;CodiceScuola;DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA;DENOMINAZIONESCUOLA;CODICECOMUNESCUOLA\n\n".to_vec();
    bytes.extend_from_slice(b"FORL\xcc;FOEE00100A;SCUOLA PRIMARIA;PRIMARIA CENTRO;D704\n");
    let report = parse_registry_csv(&bytes);
    assert_eq!(report.errors, Vec::new());
    assert_eq!(report.schools.len(), 1);
    let s = &report.schools[0];
    assert_eq!(s.comune_name, "FORLÌ");
    assert_eq!(s.comune_belfiore, "D704");
    // Row numbers count records: the blank line is skipped by the reader.
    assert_eq!(s.row, 2);
}

#[test]
fn bad_istituto_code_is_an_error_on_its_column() {
    let csv = "CODICEISTITUTORIFERIMENTO,DENOMINAZIONEISTITUTORIFERIMENTO,CODICESCUOLA,DENOMINAZIONESCUOLA,CODICECOMUNESCUOLA,DESCRIZIONECOMUNE,DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA\n\
               MI-IC8AB00,IC X,MIEE8AB01A,PRIMARIA,F205,MILANO,SCUOLA PRIMARIA\n\
               MIIC8AB00X,,MIEE8AB02B,PRIMARIA,F205,MILANO,SCUOLA PRIMARIA\n";
    let report = parse_registry_csv(csv.as_bytes());
    assert!(report.schools.is_empty());
    let cols: Vec<(usize, &str)> = report
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        cols,
        [
            (2, "CODICEISTITUTORIFERIMENTO"),
            (3, "DENOMINAZIONEISTITUTORIFERIMENTO")
        ]
    );
}

#[test]
fn report_serializes_for_the_ui() {
    let report = parse_registry_csv(ERRORI);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["schools"][0]["school_type"], "primaria");
    assert_eq!(json["schools"][0]["plesso_code"], "MIEE8AB01A");
    assert_eq!(json["errors"][0]["row"], 3);
}

#[test]
fn windows_1252_file_from_excel_decodes() {
    // Excel on Italian Windows: Windows-1252, `;`, CRLF, headers retyped.
    // 0x92 is ’ and 0xC0 is À there (Latin-1 has a control at 0x92).
    let mut bytes = b"Codice Scuola;Denominazione Scuola;CodiceComuneScuola;DescrizioneComune;DESCRIZIONETIPOLOGIAGRADOISTRUZIONESCUOLA\r\n".to_vec();
    bytes.extend_from_slice(
        b"AQEE00100A;SCUOLA DELL\x92INFANZIA SANT\x92ANNA;A345;L\x92AQUILA;SCUOLA PRIMARIA\r\n",
    );
    bytes.extend_from_slice(b"MIEE8AB01A;PRIMARIA PARIT\xc0;F205;MILANO;SCUOLA PRIMARIA\r\n");
    let report = parse_registry_csv(&bytes);
    assert_eq!(report.file_error, None);
    assert_eq!(report.errors, Vec::new());
    let names: Vec<(&str, &str)> = report
        .schools
        .iter()
        .map(|s| (s.plesso_name.as_str(), s.comune_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("SCUOLA DELL’INFANZIA SANT’ANNA", "L’AQUILA"),
            ("PRIMARIA PARITÀ", "MILANO")
        ]
    );
    assert_eq!(report.schools[1].row, 3);
}
