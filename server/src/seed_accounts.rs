//! Demo accounts: one per role on the demo registry, created on first start
//! with random passwords (or `PORTALE_DEMO_PASSWORD`), printed once and
//! written to `<data dir>/credenziali-demo.txt` (mode 0600).

use std::io::Write;
use std::path::{Path, PathBuf};

use app::codice_fiscale::{Sex, encode};
use app::error::AppError;
use app::identity::Role;
use app::identity::account_store::{NewAccount, Placement, create_account, generate_password};
use app::identity::audit::Actor;
use app::identity::entity::accounts;
use app::schools::queries;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::config::DEMO_ATS_CODE;
use crate::seed::DEMO_ISTITUTI;

/// Name of the credentials file in the data directory.
pub const CREDENTIALS_FILE: &str = "credenziali-demo.txt";

/// One demo login, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCredential {
    pub username: String,
    pub password: String,
    pub role: Role,
    /// What the account covers, in words.
    pub scope: String,
}

struct Person {
    username: &'static str,
    surname: &'static str,
    name: &'static str,
    birth: (i32, u32, u32),
    sex: Sex,
    role: Role,
}

/// Invented people; the codes are computed so SPID/CIE demos can match them.
const PEOPLE: [Person; 6] = [
    Person {
        username: "dirigente.demo",
        surname: "Bianchi",
        name: "Giulia",
        birth: (1971, 3, 12),
        sex: Sex::F,
        role: Role::Dirigente,
    },
    Person {
        username: "delegato.demo",
        surname: "Verdi",
        name: "Marco",
        birth: (1980, 7, 2),
        sex: Sex::M,
        role: Role::Delegato,
    },
    Person {
        username: "referente.demo",
        surname: "Neri",
        name: "Sara",
        birth: (1985, 11, 23),
        sex: Sex::F,
        role: Role::ReferentePlesso,
    },
    Person {
        username: "operatore.ats",
        surname: "Galli",
        name: "Luca",
        birth: (1978, 1, 30),
        sex: Sex::M,
        role: Role::OperatoreAts,
    },
    Person {
        username: "admin.demo",
        surname: "Conti",
        name: "Paola",
        birth: (1969, 5, 8),
        sex: Sex::F,
        role: Role::Amministratore,
    },
    Person {
        username: "dirigente.lodi",
        surname: "Russo",
        name: "Andrea",
        birth: (1974, 9, 17),
        sex: Sex::M,
        role: Role::Dirigente,
    },
];

/// Creates the demo accounts when the accounts table is empty and the demo
/// registry is there; returns their credentials (empty when nothing done).
pub async fn seed_demo_accounts(
    db: &DatabaseConnection,
    fixed_password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<DemoCredential>, AppError> {
    if accounts::Entity::find().count(db).await? > 0 {
        return Ok(Vec::new());
    }
    let (Some(ats), Some(first), Some(second)) = (
        queries::ats_by_code(db, DEMO_ATS_CODE).await?,
        queries::istituto_by_codice(db, DEMO_ISTITUTI[0].codice).await?,
        queries::istituto_by_codice(db, DEMO_ISTITUTI[1].codice).await?,
    ) else {
        return Ok(Vec::new());
    };
    let plesso_codice = DEMO_ISTITUTI[0]
        .plessi
        .first()
        .map(|p| p.codice)
        .unwrap_or_default();
    let Some(plesso) = queries::plesso_by_codice(db, plesso_codice).await? else {
        return Ok(Vec::new());
    };
    let mut created = Vec::new();
    for (i, person) in PEOPLE.iter().enumerate() {
        let (placement, scope) = match (person.role, i) {
            (Role::Amministratore, _) => (Placement::None, "tutto il portale".to_owned()),
            (Role::OperatoreAts, _) => (Placement::Ats(ats.id), ats.name.clone()),
            (Role::ReferentePlesso, _) => (Placement::Plesso(plesso.id), plesso.name.clone()),
            (_, 5) => (Placement::Istituto(second.id), second.name.clone()),
            _ => (Placement::Istituto(first.id), first.name.clone()),
        };
        let password = fixed_password
            .map(str::to_owned)
            .unwrap_or_else(|| generate_password(person.username));
        let birth = NaiveDate::from_ymd_opt(person.birth.0, person.birth.1, person.birth.2);
        let cf =
            birth.and_then(|b| encode(person.surname, person.name, b, person.sex, "F205").ok());
        create_account(
            db,
            &Actor::system(),
            NewAccount {
                username: person.username.to_owned(),
                full_name: format!("{} {}", person.name, person.surname),
                codice_fiscale: cf,
                email: None,
                role: person.role,
                placement,
                password: Some(password.clone()),
            },
            now,
        )
        .await?;
        created.push(DemoCredential {
            username: person.username.to_owned(),
            password,
            role: person.role,
            scope,
        });
    }
    Ok(created)
}

/// The block printed on the console and written to the file.
pub fn credentials_text(creds: &[DemoCredential]) -> String {
    let mut out = String::from(
        "==================== Credenziali dimostrative ====================\n\
         Account creati al primo avvio (dati dimostrativi, non usare in produzione).\n\n",
    );
    for c in creds {
        out.push_str(&format!(
            "  {:<16} {:<22} {}\n  {:<16} password: {}\n\n",
            c.username,
            c.role.label(),
            c.scope,
            "",
            c.password
        ));
    }
    out.push_str(
        "Accesso: /accedi\n==================================================================\n",
    );
    out
}

/// Writes the credentials readable by the owner only.
pub fn write_credentials_file(dir: &Path, creds: &[DemoCredential]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(CREDENTIALS_FILE);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(credentials_text(creds).as_bytes())?;
    Ok(path)
}
