use super::*;

// Two ATS; istituto 10 (plessi 100, 101) and 11 (plesso 110) in ATS 1,
// istituto 20 (plesso 200) in ATS 2.
const I10: Target = Target::Istituto {
    ats_id: 1,
    istituto_id: 10,
};
const I11: Target = Target::Istituto {
    ats_id: 1,
    istituto_id: 11,
};
const I20: Target = Target::Istituto {
    ats_id: 2,
    istituto_id: 20,
};
const P100: Target = Target::Plesso {
    ats_id: 1,
    istituto_id: 10,
    plesso_id: 100,
};
const P101: Target = Target::Plesso {
    ats_id: 1,
    istituto_id: 10,
    plesso_id: 101,
};
const P110: Target = Target::Plesso {
    ats_id: 1,
    istituto_id: 11,
    plesso_id: 110,
};
const P200: Target = Target::Plesso {
    ats_id: 2,
    istituto_id: 20,
    plesso_id: 200,
};
const ALL_TARGETS: [Target; 9] = [
    Target::Caller,
    Target::Ats(1),
    Target::Ats(2),
    I10,
    I11,
    I20,
    P100,
    P101,
    P110,
];

fn who(role: Role, ats: Option<i32>, ist: Option<i32>, ples: Option<i32>) -> Identity {
    Identity {
        account_id: 1,
        role,
        ats_id: ats,
        istituto_id: ist,
        plesso_id: ples,
        full_name: "Prova".into(),
        delegation: None,
    }
}

fn reach(id: &Identity) -> Vec<Target> {
    ALL_TARGETS
        .into_iter()
        .chain([P200])
        .filter(|t| id.scope().covers(t))
        .collect()
}

#[test]
fn administrator_reaches_everything() {
    let admin = who(Role::Amministratore, None, None, None);
    assert_eq!(admin.scope(), Scope::All);
    assert_eq!(reach(&admin).len(), 10);
}

#[test]
fn ats_operator_reaches_its_territory_only() {
    let op = who(Role::OperatoreAts, Some(1), None, None);
    assert_eq!(
        reach(&op),
        [Target::Caller, Target::Ats(1), I10, I11, P100, P101, P110]
    );
}

#[test]
fn dirigente_and_delegato_reach_their_istituto_and_its_plessi() {
    for role in [Role::Dirigente, Role::Delegato] {
        let d = who(role, Some(1), Some(10), None);
        assert_eq!(reach(&d), [Target::Caller, I10, P100, P101], "{role:?}");
    }
}

#[test]
fn referente_reaches_its_plesso_and_its_istituto_name() {
    let r = who(Role::ReferentePlesso, Some(1), Some(10), Some(100));
    assert_eq!(reach(&r), [Target::Caller, I10, P100]);
}

#[test]
fn incomplete_accounts_reach_nothing_but_their_own_empty_scope() {
    for id in [
        who(Role::OperatoreAts, None, None, None),
        who(Role::Dirigente, Some(1), None, None),
        who(Role::ReferentePlesso, Some(1), Some(10), None),
    ] {
        assert_eq!(id.scope(), Scope::Nothing, "{id:?}");
        assert_eq!(reach(&id), [Target::Caller]);
    }
}

#[test]
fn policies_decide_in_the_documented_order() {
    const ATS_ONLY: Policy = Policy::Roles(&[Role::OperatoreAts, Role::Amministratore]);
    let dirigente = who(Role::Dirigente, Some(1), Some(10), None);
    let op = who(Role::OperatoreAts, Some(1), None, None);

    assert_eq!(Policy::Public.check(None, &I20), Ok(()));
    assert_eq!(
        Policy::Authenticated.check(None, &Target::Caller),
        Err(Refusal::Unauthenticated)
    );
    assert_eq!(Policy::Authenticated.check(Some(&dirigente), &I10), Ok(()));
    // Another school: the same answer as a missing record.
    assert_eq!(
        Policy::Authenticated.check(Some(&dirigente), &I11),
        Err(Refusal::NotFound)
    );
    // The role is refused before the target is looked at.
    assert_eq!(
        ATS_ONLY.check(Some(&dirigente), &I10),
        Err(Refusal::Forbidden)
    );
    assert_eq!(ATS_ONLY.check(Some(&op), &I11), Ok(()));
    assert_eq!(ATS_ONLY.check(Some(&op), &I20), Err(Refusal::NotFound));
    assert_eq!(ATS_ONLY.check(None, &I20), Err(Refusal::Unauthenticated));
}

#[test]
fn admits_is_the_role_gate() {
    const ATS_ONLY: Policy = Policy::Roles(&[Role::OperatoreAts]);
    assert!(Policy::Public.admits(None));
    assert!(!Policy::Authenticated.admits(None));
    assert!(Policy::Authenticated.admits(Some(Role::Delegato)));
    assert!(ATS_ONLY.admits(Some(Role::OperatoreAts)));
    assert!(!ATS_ONLY.admits(Some(Role::Amministratore)));
}

#[test]
fn scope_ats() {
    assert_eq!(
        Scope::Plesso {
            ats_id: 3,
            istituto_id: 1,
            plesso_id: 2
        }
        .ats_id(),
        Some(3)
    );
    assert_eq!(Scope::All.ats_id(), None);
}
