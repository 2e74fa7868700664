//! Reads and writes of the schools registry (server only).

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

use super::entity::{ats, istituto, plesso};

pub async fn ats_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<ats::Model>, DbErr> {
    ats::Entity::find()
        .filter(ats::Column::Code.eq(code))
        .one(db)
        .await
}

pub async fn list_ats(db: &impl ConnectionTrait) -> Result<Vec<ats::Model>, DbErr> {
    ats::Entity::find()
        .order_by_asc(ats::Column::Name)
        .all(db)
        .await
}

pub async fn all_istituti(db: &impl ConnectionTrait) -> Result<Vec<istituto::Model>, DbErr> {
    istituto::Entity::find()
        .order_by_asc(istituto::Column::Name)
        .all(db)
        .await
}

pub async fn istituto_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<istituto::Model>, DbErr> {
    istituto::Entity::find_by_id(id).one(db).await
}

pub async fn istituto_by_codice(
    db: &impl ConnectionTrait,
    codice: &str,
) -> Result<Option<istituto::Model>, DbErr> {
    istituto::Entity::find()
        .filter(istituto::Column::Codice.eq(codice))
        .one(db)
        .await
}

pub async fn plesso_by_codice(
    db: &impl ConnectionTrait,
    codice: &str,
) -> Result<Option<plesso::Model>, DbErr> {
    plesso::Entity::find()
        .filter(plesso::Column::Codice.eq(codice))
        .one(db)
        .await
}

pub async fn istituti_of_ats(
    db: &impl ConnectionTrait,
    ats_id: i32,
) -> Result<Vec<istituto::Model>, DbErr> {
    istituto::Entity::find()
        .filter(istituto::Column::AtsId.eq(ats_id))
        .order_by_asc(istituto::Column::Name)
        .all(db)
        .await
}

pub async fn plessi_of_istituto(
    db: &impl ConnectionTrait,
    istituto_id: i32,
) -> Result<Vec<plesso::Model>, DbErr> {
    plesso::Entity::find()
        .filter(plesso::Column::IstitutoId.eq(istituto_id))
        .order_by_asc(plesso::Column::Name)
        .all(db)
        .await
}

/// What an upsert did, for the import's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Created,
    Updated,
    Unchanged,
}

pub struct NewAts<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub provinces: &'a str,
    pub chief_comuni: &'a str,
}

pub async fn insert_ats(db: &impl ConnectionTrait, new: NewAts<'_>) -> Result<ats::Model, DbErr> {
    ats::ActiveModel {
        code: Set(new.code.to_owned()),
        name: Set(new.name.to_owned()),
        provinces: Set(new.provinces.to_owned()),
        chief_comuni: Set(new.chief_comuni.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Creates or renames an istituto by its codice meccanografico.
pub async fn upsert_istituto(
    db: &impl ConnectionTrait,
    ats_id: i32,
    codice: &str,
    name: &str,
    comune_belfiore: &str,
) -> Result<(istituto::Model, Upsert), DbErr> {
    let existing = istituto::Entity::find()
        .filter(istituto::Column::Codice.eq(codice))
        .one(db)
        .await?;
    match existing {
        Some(m) if m.name == name && m.ats_id == ats_id && m.comune_belfiore == comune_belfiore => {
            Ok((m, Upsert::Unchanged))
        }
        Some(m) => {
            let mut active: istituto::ActiveModel = m.into();
            active.name = Set(name.to_owned());
            active.ats_id = Set(ats_id);
            active.comune_belfiore = Set(comune_belfiore.to_owned());
            Ok((active.update(db).await?, Upsert::Updated))
        }
        None => {
            let m = istituto::ActiveModel {
                codice: Set(codice.to_owned()),
                name: Set(name.to_owned()),
                ats_id: Set(ats_id),
                comune_belfiore: Set(comune_belfiore.to_owned()),
                ..Default::default()
            }
            .insert(db)
            .await?;
            Ok((m, Upsert::Created))
        }
    }
}

pub struct PlessoData<'a> {
    pub codice: &'a str,
    pub name: &'a str,
    pub comune_belfiore: &'a str,
    pub address: &'a str,
    pub school_type: &'a str,
}

/// Creates or updates a plesso by its codice meccanografico.
pub async fn upsert_plesso(
    db: &impl ConnectionTrait,
    istituto_id: i32,
    data: PlessoData<'_>,
) -> Result<(plesso::Model, Upsert), DbErr> {
    let existing = plesso::Entity::find()
        .filter(plesso::Column::Codice.eq(data.codice))
        .one(db)
        .await?;
    let same = |m: &plesso::Model| {
        m.istituto_id == istituto_id
            && m.name == data.name
            && m.comune_belfiore == data.comune_belfiore
            && m.address == data.address
            && m.school_type == data.school_type
    };
    match existing {
        Some(m) if same(&m) => Ok((m, Upsert::Unchanged)),
        Some(m) => {
            let mut active: plesso::ActiveModel = m.into();
            active.istituto_id = Set(istituto_id);
            active.name = Set(data.name.to_owned());
            active.comune_belfiore = Set(data.comune_belfiore.to_owned());
            active.address = Set(data.address.to_owned());
            active.school_type = Set(data.school_type.to_owned());
            Ok((active.update(db).await?, Upsert::Updated))
        }
        None => {
            let m = plesso::ActiveModel {
                codice: Set(data.codice.to_owned()),
                istituto_id: Set(istituto_id),
                name: Set(data.name.to_owned()),
                comune_belfiore: Set(data.comune_belfiore.to_owned()),
                address: Set(data.address.to_owned()),
                school_type: Set(data.school_type.to_owned()),
                ..Default::default()
            }
            .insert(db)
            .await?;
            Ok((m, Upsert::Created))
        }
    }
}
