use super::*;

fn decoded(bytes: &[u8]) -> (String, SourceEncoding) {
    let (text, encoding) = decode(bytes);
    (text.into_owned(), encoding)
}

#[test]
fn windows_1252_apostrophe_euro_and_accents() {
    // "L’Aquila;5 €;Città" as Excel on Italian Windows saves it.
    let bytes = b"L\x92Aquila;5 \x80;Citt\xe0";
    assert_eq!(
        decoded(bytes),
        (
            "L’Aquila;5 €;Città".to_string(),
            SourceEncoding::Windows1252
        )
    );
}

#[test]
fn utf8_with_and_without_bom() {
    assert_eq!(
        decoded("Città;€".as_bytes()),
        ("Città;€".to_string(), SourceEncoding::Utf8)
    );
    assert_eq!(
        decoded("\u{feff}Città;€".as_bytes()),
        ("Città;€".to_string(), SourceEncoding::Utf8Bom)
    );
    assert!(matches!(
        decode(b"abc").0,
        std::borrow::Cow::Borrowed("abc")
    ));
    assert_eq!(without_bom(b"\xEF\xBB\xBFa,b"), b"a,b");
    assert_eq!(without_bom(b"a,b"), b"a,b");
}

#[test]
fn utf16_boms() {
    let text = "Città;€\r\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    assert_eq!(decoded(&le), (text.to_string(), SourceEncoding::Utf16Le));
    assert_eq!(decoded(&be), (text.to_string(), SourceEncoding::Utf16Be));
}

#[test]
fn separator_from_the_header_outside_quotes() {
    assert_eq!(detect_separator("a;b;c\n1,5;2,5;3\n"), b';');
    assert_eq!(detect_separator("a,b,c\n1;2;3;4;5\n"), b',');
    assert_eq!(detect_separator("\"x;y;z\",b,c\n"), b',');
    assert_eq!(detect_separator("\n\r\na\tb\tc\n"), b'\t');
    assert_eq!(detect_separator("a|b|c"), b'|');
    assert_eq!(detect_separator("solo"), b',');
    assert_eq!(detect_separator(""), b',');
    assert_eq!(Table::from_bytes(b"a;b\n1;2\n").separator(), b';');
}

#[test]
fn header_names_normalised() {
    for name in [
        "Codice Meccanografico",
        "CODICE_MECCANOGRAFICO",
        "codice  meccanografico",
        " Codice-Meccanografico ",
        "codice.meccanografico",
        "\u{feff}codice__meccanografico",
    ] {
        assert_eq!(normalise_header(name), "codice_meccanografico", "{name:?}");
    }
    assert_eq!(normalise_header("Città"), "citta");
    assert_eq!(normalise_header("CODICESCUOLA"), "codicescuola");
}

#[test]
fn records_carry_their_number_and_line() {
    let table = Table::from_bytes(b"\xEF\xBB\xBFa;b\r\n1;2\r\n\r\n\"x\ny\";3\r\n4;5\r\n");
    let rows: Vec<(usize, u64, Vec<String>)> = table
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r.number,
                r.line,
                r.record.iter().map(String::from).collect(),
            )
        })
        .collect();
    let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        [
            (1, 1, cells(&["a", "b"])),
            (2, 2, cells(&["1", "2"])),
            (3, 4, cells(&["x\ny", "3"])),
            (4, 6, cells(&["4", "5"])),
        ]
    );
    assert!(!table.is_blank());
    assert!(Table::from_text("\u{feff} \r\n").is_blank());
    assert_eq!(Table::from_text("\u{feff}a").text(), "a");
}

#[test]
fn bytes_that_are_not_utf8_still_make_records() {
    // A flexible reader over decoded text has no invalid UTF-8 left to
    // fail on: a stray byte is a Windows-1252 character, not a bad record.
    let table = Table::from_bytes(b"a,b\n\xff,1\n");
    let rows: Vec<_> = table.records().collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(Result::is_ok));
    let second = rows.into_iter().nth(1).unwrap().unwrap();
    assert_eq!(second.record.get(0), Some("ÿ"));
}

#[test]
fn csv_for_excel_neutralises_and_uses_bom_semicolon_crlf() {
    let mut csv = ExcelCsv::new();
    csv.row(["Nome", "Telefono", "Nota"])
        .row(["Rossi; Mario", "+39 02 1234567", "=SUM(A1)"])
        .row(["@cmd", "-1", "dice \"ciao\"\nfine"])
        .row(["\tx", "\ry", "ok"]);
    assert_eq!(
        csv.as_str(),
        "\u{feff}Nome;Telefono;Nota\r\n\
         \"Rossi; Mario\";'+39 02 1234567;'=SUM(A1)\r\n\
         '@cmd;'-1;\"dice \"\"ciao\"\"\nfine\"\r\n\
         '\tx;\"'\ry\";ok\r\n"
    );
    assert!(csv.into_bytes().starts_with(b"\xEF\xBB\xBFNome;"));
    assert_eq!(neutralise("Milano"), "Milano");
    assert_eq!(neutralise("=1+1"), "'=1+1");
}

#[test]
fn excel_csv_reads_back_through_the_reader() {
    let mut csv = ExcelCsv::new();
    csv.row(["Città", "Nota"]).row(["Forlì", "a;b"]);
    let bytes = csv.into_bytes();
    let table = Table::from_bytes(&bytes);
    assert_eq!(table.separator(), b';');
    let rows: Vec<Vec<String>> = table
        .records()
        .map(|r| r.unwrap().record.iter().map(String::from).collect())
        .collect();
    assert_eq!(rows, [["Città", "Nota"], ["Forlì", "a;b"]]);
}

#[cfg(feature = "ssr")]
#[test]
fn xlsx_is_a_zip_with_string_cells_only() {
    use std::io::Read as _;

    let bytes = write_xlsx(
        "Esiti",
        [
            vec!["Nome", "Nota"],
            vec!["Forlì", "=SUM(A1)"],
            vec!["+39 02", "x"],
        ],
    )
    .unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(!sheet.contains("<f>"), "{sheet}");
    let mut strings = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut strings)
        .unwrap();
    assert!(strings.contains("=SUM(A1)") && strings.contains("Forlì"));
    let mut book = String::new();
    archive
        .by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut book)
        .unwrap();
    assert!(book.contains("name=\"Esiti\""));
    assert!(write_xlsx("a/b", [["x"]]).is_err());
}

fn all_rows(records: Records<'_>) -> Vec<(usize, u64, Vec<String>)> {
    records
        .map(|r| {
            let r = r.unwrap();
            (
                r.number,
                r.line,
                r.record.iter().map(String::from).collect(),
            )
        })
        .collect()
}

#[test]
fn reading_into_one_row_gives_what_the_iterator_gives() {
    let table = Table::from_bytes(b"a;b\r\n1;2;3\r\n\r\n\"x\ny\";3\r\n\n4\r5\n");
    let mut records = table.records();
    let mut row = Row::empty();
    let mut read = Vec::new();
    while records.read_into(&mut row).unwrap() {
        read.push((
            row.number,
            row.line,
            row.record.iter().map(String::from).collect::<Vec<_>>(),
        ));
    }
    assert_eq!(read, all_rows(table.records()));
    assert!(
        !records.read_into(&mut row).unwrap(),
        "the end stays the end"
    );
}

#[test]
fn a_text_without_quotes_is_cut_at_line_breaks_into_whole_records() {
    let mut text = String::from("h1;h2\n");
    for i in 0..200 {
        text.push_str(&format!("{i};x{i}\r\n"));
        if i % 7 == 0 {
            text.push_str("\n\r\n");
        }
    }
    let table = Table::from_text(&text);
    let cuts = table.cuts(4, 16).unwrap();
    assert_eq!((cuts.len(), cuts[0], cuts[4]), (5, 0, text.len()));
    let whole: Vec<Vec<String>> = all_rows(table.records()).into_iter().map(|r| r.2).collect();
    let pieces: Vec<Vec<String>> = cuts
        .windows(2)
        .flat_map(|w| all_rows(table.records_between(w[0], w[1])))
        .map(|r| r.2)
        .collect();
    assert_eq!(pieces, whole);
    // Each piece numbers its records from 1.
    let second = all_rows(table.records_between(cuts[1], cuts[2]));
    assert_eq!((second[0].0, second[0].1), (1, 1));
    assert_eq!(table.cuts(1, 16), None, "one part is no cut");
    assert_eq!(table.cuts(4, text.len()), None, "too short to cut");
    assert_eq!(Table::from_text("a,\"b\nc\"\n1,2\n").cuts(2, 1), None);
}

proptest::proptest! {
    /// Split rather than parsed, a text without quotes gives the very
    /// records, numbers and lines the csv reader gives.
    #[test]
    fn records_fast_are_the_records(
        text in "[a;,\t| é€\r\n]{0,60}",
        separator in proptest::sample::select(&[b',', b';', b'\t', b'|', b'a'][..]),
    ) {
        let table = Table::from_text(&text).with_separator(separator);
        proptest::prop_assert_eq!(all_rows(table.records_fast()), all_rows(table.records()));
        let mut records = table.records_fast();
        let mut row = Row::empty();
        let mut read = Vec::new();
        while records.read_into(&mut row).unwrap() {
            read.push((row.number, row.line, row.record.iter().map(String::from).collect::<Vec<_>>()));
        }
        proptest::prop_assert_eq!(read, all_rows(table.records()));
    }
}

#[test]
fn records_fast_with_quotes_are_parsed() {
    let table = Table::from_bytes(b"a;b\r\n\"x;\ny\";3\r\n\n4;\"5\"\"\"\r");
    assert_eq!(all_rows(table.records_fast()), all_rows(table.records()));
    assert_eq!(all_rows(table.records_fast())[1].2, ["x;\ny", "3"]);
}
