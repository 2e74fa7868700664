//! Domain types of the check: the ten antigens, doses, exemptions, the pupil's
//! registry record and the verdict (LOVS-RULES §1, §3, §4).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One of the ten mandatory antigens (art.1 c.1 and c.1-bis), declared in the
/// order of LOVS-RULES §1: that order is the order of every `missing` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vaccine {
    Polio,
    Diphtheria,
    Tetanus,
    HepatitisB,
    Pertussis,
    Hib,
    Measles,
    Rubella,
    Mumps,
    Varicella,
}

impl Vaccine {
    /// How many antigens the law makes mandatory.
    pub const COUNT: usize = 10;

    /// All antigens in §1 order.
    pub const ALL: [Vaccine; Vaccine::COUNT] = [
        Vaccine::Polio,
        Vaccine::Diphtheria,
        Vaccine::Tetanus,
        Vaccine::HepatitisB,
        Vaccine::Pertussis,
        Vaccine::Hib,
        Vaccine::Measles,
        Vaccine::Rubella,
        Vaccine::Mumps,
        Vaccine::Varicella,
    ];

    /// Position in §1 order, always `< COUNT`: the engine's per-antigen arrays
    /// are indexed by it.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The exchange key (English snake_case), as in the runner's JSON and serde.
    pub const fn key(self) -> &'static str {
        match self {
            Vaccine::Polio => "polio",
            Vaccine::Diphtheria => "diphtheria",
            Vaccine::Tetanus => "tetanus",
            Vaccine::HepatitisB => "hepatitis_b",
            Vaccine::Pertussis => "pertussis",
            Vaccine::Hib => "hib",
            Vaccine::Measles => "measles",
            Vaccine::Rubella => "rubella",
            Vaccine::Mumps => "mumps",
            Vaccine::Varicella => "varicella",
        }
    }

    /// The Italian name of the obligation, as in the law.
    pub const fn label_it(self) -> &'static str {
        match self {
            Vaccine::Polio => "anti-poliomielitica",
            Vaccine::Diphtheria => "anti-difterica",
            Vaccine::Tetanus => "anti-tetanica",
            Vaccine::HepatitisB => "anti-epatite B",
            Vaccine::Pertussis => "anti-pertosse",
            Vaccine::Hib => "anti-Haemophilus influenzae tipo b",
            Vaccine::Measles => "anti-morbillo",
            Vaccine::Rubella => "anti-rosolia",
            Vaccine::Mumps => "anti-parotite",
            Vaccine::Varicella => "anti-varicella",
        }
    }

    /// The antigen for an exchange key; exact match, case-sensitive.
    pub fn from_key(key: &str) -> Option<Vaccine> {
        Vaccine::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// Why an antigen is not required (§3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptionKind {
    /// Esonero (art.1 c.2): immunity after natural disease; permanent.
    Immunity,
    /// Omissione (art.1 c.3): documented health risk; valid until `until`.
    Omitted,
    /// Differimento (art.1 c.3): postponement; valid until `until`.
    Postponed,
}

impl ExemptionKind {
    pub const ALL: [ExemptionKind; 3] = [
        ExemptionKind::Immunity,
        ExemptionKind::Omitted,
        ExemptionKind::Postponed,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            ExemptionKind::Immunity => "immunity",
            ExemptionKind::Omitted => "omitted",
            ExemptionKind::Postponed => "postponed",
        }
    }

    pub const fn label_it(self) -> &'static str {
        match self {
            ExemptionKind::Immunity => "Esonero per immunizzazione",
            ExemptionKind::Omitted => "Omissione",
            ExemptionKind::Postponed => "Differimento",
        }
    }

    pub fn from_key(key: &str) -> Option<ExemptionKind> {
        ExemptionKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One administered dose of one antigen, as the registry records it (a
/// combined vaccine is one `Dose` per component, §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dose {
    pub vaccine: Vaccine,
    /// The registry's dose number. Informative only: the check counts dated
    /// doses and never reads this label (§2).
    pub dose: Option<u8>,
    pub date: NaiveDate,
}

/// An exemption for one antigen; it covers every dose of that antigen (§3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub vaccine: Vaccine,
    pub kind: ExemptionKind,
    /// Last day of an omission or postponement; `None` = open-ended.
    /// Ignored for immunity, which is permanent.
    pub until: Option<NaiveDate>,
}

/// What the regional registry knows about one pupil.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilRecord {
    pub birth_date: NaiveDate,
    pub doses: Vec<Dose>,
    pub exemptions: Vec<Exemption>,
    /// A formal request or a booked appointment with the ASL is pending.
    pub pending_appointment: bool,
    /// The CF/STP matched a record of the regional registry.
    pub in_registry: bool,
}

/// The result of the check (§4). Declared in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// CF/STP not found in the registry ("anagrafica inesistente").
    NonPresente,
    /// Every due dose received, or no obligation (aged 17 or more).
    InRegola,
    /// Some due dose neither received nor exempt, nothing pending.
    NonInRegola,
    /// As `NonInRegola`, but a request or appointment with the ASL is pending.
    InCorso,
    /// The only doses lacking are covered by a valid exemption.
    EsoneratoDifferito,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::NonPresente,
        Outcome::InRegola,
        Outcome::NonInRegola,
        Outcome::InCorso,
        Outcome::EsoneratoDifferito,
    ];

    /// The exchange key (English snake_case), as printed by the runner.
    pub const fn key(self) -> &'static str {
        match self {
            Outcome::NonPresente => "non_presente",
            Outcome::InRegola => "in_regola",
            Outcome::NonInRegola => "non_in_regola",
            Outcome::InCorso => "in_corso",
            Outcome::EsoneratoDifferito => "esonerato_differito",
        }
    }

    /// The label schools read.
    pub const fn label_it(self) -> &'static str {
        match self {
            Outcome::NonPresente => "Non presente in anagrafe vaccinale",
            Outcome::InRegola => "In regola",
            Outcome::NonInRegola => "Non in regola",
            Outcome::InCorso => "In corso di regolarizzazione",
            Outcome::EsoneratoDifferito => "Esonerato / differito",
        }
    }
}

/// Outcome plus the doses that make the pupil non compliant: non-empty only
/// for `NonInRegola` and `InCorso`, in §1 order then by dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub outcome: Outcome,
    pub missing: Vec<(Vaccine, u8)>,
}

impl Verdict {
    /// A verdict with nothing missing; never allocates.
    pub const fn clean(outcome: Outcome) -> Verdict {
        Verdict {
            outcome,
            missing: Vec::new(),
        }
    }
}
