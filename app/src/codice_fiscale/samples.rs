//! Deterministic sample codes for benchmarks, demo data and the Python
//! comparison: mostly valid, some omocodes, some invalid of every kind.
//!
//! Places are long-lived comuni (unchanged since before 1930) and foreign
//! countries, and births fall in 1930-2024, so other validators that check
//! the place against the birth date agree with ours on the valid ones.

use chrono::NaiveDate;

use super::encode::encode_bytes;
use super::personal::Sex;
use super::tables::{MONTH_LETTERS, check_letter};

const SURNAMES: [&str; 32] = [
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
    "Lombardi", "Moretti", "D'Angelo", "Fo", "Re", "Aiello", "Oliva", "Nicolò", "Müller", "Li",
    "Àlvarez", "Ng", "Stoppani", "Eua",
];
const NAMES: [&str; 32] = [
    "Mario",
    "Giuseppe",
    "Francesca",
    "Anna",
    "Luca",
    "Giulia",
    "Marco",
    "Sofia",
    "Alessandro",
    "Chiara",
    "Andrea",
    "Martina",
    "Ugo",
    "Ida",
    "Cristina",
    "Federico",
    "Beatrice",
    "Giovanni",
    "Elisa",
    "Paolo",
    "Aurora",
    "Al",
    "Noemi",
    "Leonardo",
    "Gianmarco",
    "Maria Luisa",
    "Yu",
    "Zoe",
    "Ettore",
    "Ilaria",
    "Francesco",
    "Matteo",
];
/// Comuni with the same Belfiore code since before 1930, and countries.
const PLACES: [&str; 40] = [
    "H501", "F205", "L219", "F839", "A944", "D612", "G273", "L736", "D969", "A662", "C351", "G224",
    "L424", "B157", "A794", "E506", "H224", "L781", "C933", "F704", "D150", "B354", "G478", "L378",
    "Z404", "Z112", "Z133", "Z210", "Z600", "Z330", "Z129", "Z100", "Z110", "Z114", "Z131", "Z602",
    "Z222", "Z352", "Z336", "Z138",
];
/// Well formed Belfiore codes that no comune or country has.
const UNKNOWN_PLACES: [&[u8; 4]; 5] = [b"Z999", b"Z998", b"Y123", b"W999", b"K999"];

/// xorshift64*: tiny, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() >> 33) as usize % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// `count` codes from `seed`: about 70% valid plain codes, 12% valid
/// omocodes, 3% valid but typed in lower case or with spaces, 15% invalid
/// (wrong check letter, month, day, date, character, length, place).
pub fn sample_codes(count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed | 1);
    (0..count).map(|_| sample_code(&mut rng)).collect()
}

fn sample_code(rng: &mut Rng) -> String {
    let code = valid_code(rng);
    let roll = rng.below(100);
    let text: Vec<u8> = match roll {
        0..70 => code.to_vec(),
        70..82 => omocode(rng, code).to_vec(),
        82..85 => {
            let mut t: Vec<u8> = code.iter().map(u8::to_ascii_lowercase).collect();
            if roll == 84 {
                t.insert(6, b' ');
                t.insert(3, b' ');
            }
            t
        }
        _ => invalid(rng, code),
    };
    text.into_iter().map(char::from).collect()
}

fn valid_code(rng: &mut Rng) -> [u8; 16] {
    loop {
        let surname = rng.pick(&SURNAMES).copied().unwrap_or("Rossi");
        let name = rng.pick(&NAMES).copied().unwrap_or("Mario");
        let place = rng.pick(&PLACES).copied().unwrap_or("H501");
        let year = 1930 + rng.below(95) as i32;
        let month = 1 + rng.below(12) as u32;
        let day = 1 + rng.below(31) as u32;
        let sex = if rng.below(2) == 0 { Sex::M } else { Sex::F };
        let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
            continue;
        };
        if let Ok(code) = encode_bytes(surname, name, date, sex, place) {
            return code;
        }
    }
}

fn omocode(rng: &mut Rng, mut code: [u8; 16]) -> [u8; 16] {
    use super::tables::{DIGIT_POSITIONS, DIGIT_VALUE, OMOCODE_LETTERS};
    // Mostly the official right-to-left levels, sometimes any pattern.
    let level = 1 + rng.below(7);
    let mask = if rng.below(4) == 0 {
        1 + rng.below(127)
    } else {
        ((1 << level) - 1) << (7 - level)
    };
    for (bit, &pos) in DIGIT_POSITIONS.iter().enumerate() {
        if mask >> bit & 1 == 1 {
            let digit = usize::from(DIGIT_VALUE[code[pos] as usize]);
            code[pos] = OMOCODE_LETTERS.get(digit).copied().unwrap_or(b'L');
        }
    }
    code[15] = check_letter(&code);
    code
}

fn invalid(rng: &mut Rng, mut code: [u8; 16]) -> Vec<u8> {
    match rng.below(7) {
        0 => {
            // Wrong check letter.
            code[15] = b'A' + (code[15] - b'A' + 1 + rng.below(25) as u8) % 26;
        }
        1 => {
            // Not a month letter (F, G, I, ...), check letter consistent.
            code[8] = *rng.pick(b"FGIJKNOQUVWXYZ").unwrap_or(&b'Z');
            code[15] = check_letter(&code);
        }
        2 => {
            // Day 32-40 or 72-99 or 00.
            let day = *rng.pick(&[0u8, 32, 35, 40, 72, 80, 99]).unwrap_or(&0);
            code[9] = b'0' + day / 10;
            code[10] = b'0' + day % 10;
            code[15] = check_letter(&code);
        }
        3 => {
            // 30 February or 31 April/June/September/November.
            let (month, day) = *rng
                .pick(&[(1usize, 30u8), (1, 31), (3, 31), (5, 31), (8, 31), (10, 31)])
                .unwrap_or(&(1, 30));
            code[8] = MONTH_LETTERS[month];
            code[9] = b'0' + day / 10;
            code[10] = b'0' + day % 10;
            code[15] = check_letter(&code);
        }
        4 => {
            // A letter that is no omocodia letter where a digit belongs.
            code[13] = *rng.pick(b"ABCDEFGHIJKWXYZ").unwrap_or(&b'A');
        }
        5 => {
            // Unknown place.
            let place = *rng.pick(&UNKNOWN_PLACES).unwrap_or(&b"Z999");
            code[11..15].copy_from_slice(place);
            code[15] = check_letter(&code);
        }
        _ => {
            // One character lost.
            let mut t = code.to_vec();
            t.remove(rng.below(16));
            return t;
        }
    }
    code.to_vec()
}
