//! Server functions of "Obbligo vaccinale": the module's page (a school's
//! uploads, or the ATS's overview), one upload with its row problems, its
//! progress (polled while the check runs), and the letters to families.
//! Every one is scoped: a school sees its own uploads, an ATS its territory.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use super::summary::{Letters, LovsHome, UploadDetail, UploadRow};
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "obbligo-vaccinale", input = GetUrl)]
pub async fn load_lovs_home() -> Result<LovsHome, AppError> {
    let call = crate::identity::Call::of::<LoadLovsHome>()?;
    ssr::home(&call).await
}

#[server(prefix = "/api", endpoint = "obbligo-vaccinale/caricamento", input = GetUrl)]
pub async fn load_lovs_upload(id: i32) -> Result<UploadDetail, AppError> {
    let call = crate::identity::Call::of::<LoadLovsUpload>()?;
    ssr::detail(&call, id).await
}

#[server(prefix = "/api", endpoint = "obbligo-vaccinale/avanzamento", input = GetUrl)]
pub async fn lovs_upload_progress(id: i32) -> Result<UploadRow, AppError> {
    let call = crate::identity::Call::of::<LovsUploadProgress>()?;
    let model = ssr::readable(&call, id).await?;
    Ok(super::queries::upload_with_job(call.db(), &model).await?)
}

#[server(prefix = "/api", endpoint = "obbligo-vaccinale/lettere", input = GetUrl)]
pub async fn load_lovs_letters(id: i32) -> Result<Letters, AppError> {
    let call = crate::identity::Call::of::<LoadLovsLetters>()?;
    ssr::letters(&call, id).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use sea_orm::EntityTrait;

    use super::super::entity::upload;
    use super::super::queries;
    use super::super::summary::{Letters, LovsHome, SchoolUploads, UploadDetail};
    use crate::error::AppError;
    use crate::identity::audit::Change;
    use crate::identity::{Call, Role, Target};

    pub async fn home(call: &Call) -> Result<LovsHome, AppError> {
        let db = call.db();
        match (call.who.role, call.who.ats_id, call.who.istituto_id) {
            (Role::OperatoreAts, Some(ats_id), _) => {
                Ok(LovsHome::Ats(queries::ats_overview(db, ats_id).await?))
            }
            (Role::Dirigente | Role::Delegato, Some(ats_id), Some(istituto_id)) => {
                Ok(LovsHome::School(SchoolUploads {
                    istituto: queries::istituto_name(db, istituto_id).await?,
                    uploads: queries::school_uploads(db, istituto_id).await?,
                    registry_missing: queries::registry_info(db, ats_id).await?.is_none(),
                }))
            }
            _ => Err(AppError::Forbidden),
        }
    }

    /// Upload `id` if the caller's scope covers its istituto, else the
    /// same "not found" as a missing one.
    pub async fn readable(call: &Call, id: i32) -> Result<upload::Model, AppError> {
        let model = upload::Entity::find_by_id(id)
            .one(call.db())
            .await?
            .ok_or(AppError::NotFound)?;
        call.check_target(&Target::Istituto {
            ats_id: model.ats_id,
            istituto_id: model.istituto_id,
        })?;
        Ok(model)
    }

    /// Reading an outcome is recorded (the pupils' outcomes are health data).
    async fn record_view(call: &Call, model: &upload::Model, what: &str) -> Result<(), AppError> {
        call.actor()
            .record(
                call.db(),
                Change::new(
                    "view",
                    "lovs_uploads",
                    Some(i64::from(model.id)),
                    serde_json::json!({ "pagina": what }),
                ),
            )
            .await?;
        Ok(())
    }

    pub async fn detail(call: &Call, id: i32) -> Result<UploadDetail, AppError> {
        let model = readable(call, id).await?;
        let db = call.db();
        if model.outcome.is_some() {
            record_view(call, &model, "esito").await?;
        }
        Ok(UploadDetail {
            upload: queries::upload_with_job(db, &model).await?,
            istituto: queries::istituto_name(db, model.istituto_id).await?,
            problems: queries::problems(&model),
        })
    }

    pub async fn letters(call: &Call, id: i32) -> Result<Letters, AppError> {
        let model = readable(call, id).await?;
        record_view(call, &model, "lettere").await?;
        Ok(queries::letters(call.db(), &model, call.today()).await?)
    }
}
