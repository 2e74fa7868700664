//! Demo accounts on first start, and password hashing as stored.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

mod common;

use app::identity::entity::accounts;
use app::identity::password::{hash_blocking, verify_blocking};
use app::identity::password_policy::check_new_password;
use app::identity::{Role, account_store::generate_password};
use sea_orm::{EntityTrait, PaginatorTrait};
use server::seed_accounts::CREDENTIALS_FILE;

#[tokio::test]
async fn first_start_creates_one_account_per_role_with_printed_random_passwords() {
    let db = common::sqlite();
    let mut config = common::config(&db);
    config.demo_password = None;
    let state = server::web::build_state(&config, server::web::leptos_options())
        .await
        .unwrap();
    let all = accounts::Entity::find().all(&state.db).await.unwrap();
    let mut roles: Vec<Role> = all.iter().filter_map(|a| a.role()).collect();
    roles.sort_by_key(|r| r.key());
    assert_eq!(
        roles,
        [
            Role::Amministratore,
            Role::Delegato,
            Role::Dirigente,
            Role::Dirigente,
            Role::OperatoreAts,
            Role::ReferentePlesso
        ]
    );
    // Each has a codice fiscale that validates.
    for a in &all {
        let cf = a.codice_fiscale.as_deref().unwrap();
        app::codice_fiscale::parse(cf, common::today()).unwrap_or_else(|e| panic!("{cf}: {e}"));
        assert!(
            a.password_hash
                .as_deref()
                .unwrap()
                .starts_with("$argon2id$")
        );
    }

    let path = db.dir.path().join(CREDENTIALS_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Credenziali dimostrative"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // Every printed password opens its account, and meets the policy.
    for a in &all {
        let line = text
            .lines()
            .skip_while(|l| !l.trim_start().starts_with(&a.username))
            .nth(1)
            .unwrap_or_else(|| panic!("{} not in the file", a.username));
        let password = line.split("password: ").nth(1).unwrap().trim();
        assert_eq!(check_new_password(&a.username, password), Ok(()));
        assert!(
            verify_blocking(password, a.password_hash.as_deref()),
            "{}",
            a.username
        );
    }

    // A second start creates nothing and keeps the passwords.
    std::fs::remove_file(&path).unwrap();
    let again = server::web::build_state(&config, server::web::leptos_options())
        .await
        .unwrap();
    assert_eq!(accounts::Entity::find().count(&again.db).await.unwrap(), 6);
    assert!(!path.exists());
}

#[test]
fn hashes_with_argon2id_and_verifies() {
    let phc = hash_blocking("Quercia-2026!").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    assert!(verify_blocking("Quercia-2026!", Some(&phc)));
    assert!(!verify_blocking("quercia-2026!", Some(&phc)));
    // Same password, new salt: another hash.
    assert_ne!(phc, hash_blocking("Quercia-2026!").unwrap());
    assert!(!verify_blocking("x", None), "no stored hash never verifies");
    assert!(!verify_blocking("x", Some("not a phc string")));
}

#[test]
fn generated_passwords_meet_the_policy() {
    let a = generate_password("dirigente.demo");
    let b = generate_password("dirigente.demo");
    assert_ne!(a, b);
    assert_eq!(a.len(), 19, "{a}");
    assert_eq!(check_new_password("dirigente.demo", &a), Ok(()));
}
