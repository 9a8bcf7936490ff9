//! Member pages: the home page figure, the public directory with filters, profiles with
//! JSON-LD, the world map and statistics; the membership application; profile editing; and the
//! secretariat's application desk.

mod dues;
mod forms;
mod letter;
mod people;
mod public;
mod secretariat;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub use forms::{content_tag, read_logo_upload, sniff_image};
pub use public::{home_sentence, markdown};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(public::root))
        .route("/language/{code}", get(public::switch_language))
        .route("/{locale}/", get(public::home))
        .route("/{locale}", get(public::home_redirect))
        .route("/{locale}/members", get(public::directory))
        .route("/{locale}/members/map", get(public::map))
        .route("/{locale}/members/stats", get(public::stats))
        .route("/{locale}/members/{slug}", get(public::profile))
        .route(
            "/{locale}/members/{slug}/edit",
            get(forms::edit_form).post(forms::edit),
        )
        .route(
            "/{locale}/members/{slug}/people",
            get(people::show).post(people::invite),
        )
        .route(
            "/{locale}/members/{slug}/people/{account}",
            post(people::change),
        )
        .route(
            "/{locale}/apply",
            // A signed letter may come with the form: read it up to the request limit, so an
            // oversized one gets a message at its field.
            get(forms::apply_form)
                .post(forms::apply)
                .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .route("/{locale}/secretariat/applications", get(secretariat::list))
        .route("/{locale}/secretariat/dues", get(dues::show))
        .route("/{locale}/secretariat/dues/{action}", post(dues::act))
        .route(
            "/{locale}/members/{slug}/status",
            post(secretariat::change_status),
        )
        .route(
            "/{locale}/members/{slug}/logo",
            // Read uploads up to the request limit, so an oversized logo gets a form error.
            get(public::logo)
                .post(forms::upload_logo)
                .layer(axum::extract::DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .route(
            "/{locale}/secretariat/applications/{id}",
            get(secretariat::show),
        )
        .route(
            "/{locale}/secretariat/applications/{id}/letter",
            get(letter::download),
        )
        .route(
            "/{locale}/secretariat/applications/{id}/{action}",
            post(secretariat::act),
        )
}
