//! Integration tests of the storage crate: each test body runs on a fresh, migrated SQLite file
//! and, when `PUMASI_TEST_DATABASE_URL` is set, on a fresh PostgreSQL database (see `support`).
//! They assert what users see (translations and their fallbacks, directory filters, the figures
//! of the home page, the membership procedure, import reports with line numbers) and what must
//! never happen (two approvals of one application, a half-written import, a reset token used
//! twice, a message delivered by two workers at once, a `%` that matches everything).
//!
//! Sections: schema · organisations · directory · statistics · membership journey ·
//! status transitions · accounts · import/export · outbox · settings.

#[macro_use]
mod support;
mod events;
mod full_disk;
mod governance;
mod nodes;

use chrono::{Duration, NaiveDate};
use pumasi_domain::FieldError;
use pumasi_domain::countries::Continent;
use pumasi_domain::locale::Locale;
use pumasi_domain::members::{ApplicationState, MemberStatus, MembershipClass, add_working_days};
use pumasi_domain::policy::SiteRole;
use pumasi_domain::types::Email;
use pumasi_store::accounts::{self, SessionPolicy, Throttle};
use pumasi_store::members::applications::{self, RawApplication};
use pumasi_store::members::transfer::{self, Format};
use pumasi_store::members::{self, Filter, Localized, Sort};
use pumasi_store::sea_orm::{EntityTrait, TransactionTrait};
use pumasi_store::{Store, StoreError, outbox, settings};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use support::{create, csv, errors, import, invalid, is_postgres, raw, validated};
use uuid::Uuid;

/// The Co-ops UK open data file (ODC-By 1.0, see `testdata/README.md`), compressed.
const COOPS_UK_GZ: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/coops-uk/coopsuk_2023-03-02_standard.csv.gz"
);
const DEMO: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../pumasi/demo/organisations.csv"
);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn public_statuses() -> Vec<MemberStatus> {
    MemberStatus::ALL
        .iter()
        .copied()
        .filter(|s| s.is_public())
        .collect()
}

/// Starts `n` tasks that wait for each other, then all run at once; returns their results in
/// the order the tasks were started (result `i` is racer `i`'s).
async fn race<T, F, Fut>(n: usize, f: F) -> Vec<Result<T, StoreError>>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
    T: Send + 'static,
{
    let barrier = Arc::new(tokio::sync::Barrier::new(n));
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (fut, barrier) = (f(i), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                fut.await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(n);
    for t in tasks {
        results.push(t.await.expect("racer panicked"));
    }
    results
}

/// Counts the outcomes of a race in which exactly one may win. Losers must get one of the
/// `conflicts`; on SQLite a busy/locked error (`Db`) is also a loss, never on PostgreSQL, where
/// the row lock makes the loser wait and then see that the row changed.
#[track_caller]
fn one_winner<T: std::fmt::Debug>(
    store: &Store,
    results: &[Result<T, StoreError>],
    conflicts: &[&str],
) -> usize {
    let mut winners = Vec::new();
    let mut db_errors = 0;
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(_) => winners.push(i),
            Err(StoreError::Conflict(code)) if conflicts.contains(code) => {}
            Err(StoreError::Db(e)) if !is_postgres(store) => {
                eprintln!("SQLite loser {i}: {e}");
                db_errors += 1;
            }
            Err(e) => panic!("racer {i}: unexpected {e:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one must win: {results:?}");
    eprintln!(
        "race of {}: 1 winner, {} conflicts, {db_errors} database errors",
        results.len(),
        results.len() - 1 - db_errors
    );
    winners[0]
}

// =============================================================================================
// Schema and reference data
// =============================================================================================

async fn migrations_are_idempotent_body(store: Store) {
    let version = store.schema_version().await.unwrap();
    assert!(
        !version.is_empty(),
        "a migrated database names its newest migration"
    );
    store.migrate().await.expect("migrating twice");
    store.migrate().await.expect("migrating three times");
    assert_eq!(store.schema_version().await.unwrap(), version);
    assert_eq!(store.pending_migrations().await.unwrap(), 0);
    store.ping().await.unwrap();

    // Seeds are not repeated by a second run.
    let vocab = members::vocabulary(&store.db).await.unwrap();
    assert_eq!(vocab.categories.len(), 12);
    assert_eq!(vocab.colleges.len(), 5);
    assert_eq!(
        vocab.colleges.iter().map(|c| c.weight_bp).sum::<i32>(),
        10_000
    );
    assert_eq!(
        vocab.colleges.iter().map(|c| c.number).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5]
    );
    let public: Vec<&str> = vocab
        .categories
        .iter()
        .filter(|c| c.kind == "public")
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(
        public,
        vec!["local_government", "state_agency", "network_local_gov"]
    );
    assert!(
        vocab
            .categories
            .iter()
            .all(|c| c.kind == "public" || c.kind == "sse")
    );
    for l in Locale::ALL {
        assert!(
            vocab.categories.iter().all(|c| !c.label(l).is_empty()),
            "category label missing in {l}"
        );
        assert!(
            vocab.colleges.iter().all(|c| !c.label(l).is_empty()),
            "college label missing in {l}"
        );
    }
    assert_eq!(
        vocab
            .category("local_government")
            .unwrap()
            .label(Locale::Ko),
        "지방정부"
    );
    assert_eq!(vocab.college(3).unwrap().label(Locale::Fr), "Jeunesse");
}
backends!(migrations_are_idempotent, migrations_are_idempotent_body);

// =============================================================================================
// Organisations
// =============================================================================================

fn montreal() -> pumasi_domain::organisation::RawOrganisation {
    let mut r = raw("Ville de Montréal", "ca", "Montréal");
    r.lang = "fr".into();
    r.category = "local_government".into();
    r.class = "full".into();
    r.college = "1".into();
    r.languages = "fr;en".into();
    r.description = "Une ville solidaire.".into();
    r.translations = vec![
        ("name".into(), "ko".into(), "몬트리올시".into()),
        ("name".into(), "en".into(), "City of Montréal".into()),
        (
            "description".into(),
            "en".into(),
            "A city of solidarity.".into(),
        ),
    ];
    r
}

fn loc(text: &str, lang: Locale, fallback: bool) -> Localized {
    Localized {
        text: text.to_owned(),
        lang: lang.into(),
        fallback,
        needs_review: false,
    }
}

async fn organisation_translations_body(store: Store) {
    let id = create(&store, &montreal()).await;
    let slug = "ville-de-montreal";

    let fr = members::by_slug(&store.db, slug, Locale::Fr).await.unwrap();
    assert_eq!(fr.id, id);
    assert_eq!(
        (fr.base_name.as_str(), fr.base_lang, fr.country.as_str()),
        ("Ville de Montréal", Locale::Fr.into(), "CA")
    );
    assert_eq!(
        (fr.class, fr.status, fr.college),
        (MembershipClass::Full, MemberStatus::Member, Some(1))
    );
    assert_eq!(fr.languages, vec!["fr", "en"]);
    assert_eq!(fr.name, loc("Ville de Montréal", Locale::Fr, false));
    assert_eq!(
        fr.description,
        loc("Une ville solidaire.", Locale::Fr, false)
    );
    assert_eq!(fr.translations.len(), 3);
    assert_eq!(fr.version, 1);

    let ko = members::by_slug(&store.db, slug, Locale::Ko).await.unwrap();
    assert_eq!(ko.name, loc("몬트리올시", Locale::Ko, false));
    assert_eq!(
        ko.description,
        loc("Une ville solidaire.", Locale::Fr, true),
        "no Korean description: base, marked"
    );

    let en = members::by_id(&store.db, id, Locale::En).await.unwrap();
    assert_eq!(en.name, loc("City of Montréal", Locale::En, false));
    assert_eq!(
        en.description,
        loc("A city of solidarity.", Locale::En, false)
    );

    let es = members::by_slug(&store.db, slug, Locale::Es).await.unwrap();
    assert_eq!(es.name, loc("Ville de Montréal", Locale::Fr, true));
    assert_eq!(
        es.description,
        loc("Une ville solidaire.", Locale::Fr, true)
    );
    assert_eq!(es.continent(), Some(Continent::Americas));

    // Nothing to fall back on is not "shown in another language".
    create(&store, &raw("Quiet Collective", "FR", "Lyon")).await;
    let quiet = members::by_slug(&store.db, "quiet-collective", Locale::Ko)
        .await
        .unwrap();
    assert_eq!(quiet.description, loc("", Locale::En, false));

    assert!(matches!(
        members::by_slug(&store.db, "nobody", Locale::En).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        members::by_id(&store.db, Uuid::now_v7(), Locale::En).await,
        Err(StoreError::NotFound)
    ));

    // A "translation" into the base language would hide the original; unknown locales are refused.
    let mut r = montreal();
    r.translations = vec![
        ("name".into(), "fr".into(), "Autre nom".into()),
        ("name".into(), "de".into(), "Stadt".into()),
    ];
    let errs = validated(&store, &r).await.unwrap_err();
    assert_eq!(
        errs,
        vec![
            FieldError::new("name_fr", "error-translation-base"),
            FieldError::new("name_de", "error-locale-invalid")
        ]
    );
}
backends!(organisation_translations, organisation_translations_body);

async fn organisation_uniqueness_body(store: Store) {
    let mut first = raw("Chantier de l'économie sociale", "CA", "Montréal");
    first.slug = "chantier".into();
    create(&store, &first).await;

    let mut same_slug = raw("Another Name", "FR", "Paris");
    same_slug.slug = "chantier".into();
    let input = validated(&store, &same_slug).await.unwrap();
    let errs = invalid(members::create(&store.db, &input, None, "").await);
    assert_eq!(errs, vec![FieldError::new("slug", "error-slug-taken")]);

    // The same name, differently cased and without accents, in the same city.
    let mut same_name = raw("CHANTIER DE L'ECONOMIE SOCIALE", "CA", "Montréal");
    same_name.slug = "chantier-2".into();
    let input = validated(&store, &same_name).await.unwrap();
    let errs = invalid(members::create(&store.db, &input, None, "").await);
    assert_eq!(errs, vec![FieldError::new("name", "error-name-taken")]);

    // The same name elsewhere is another organisation.
    let mut elsewhere = raw("Chantier de l'économie sociale", "CA", "Québec");
    elsewhere.slug = "chantier-quebec".into();
    create(&store, &elsewhere).await;

    // Refused creations leave nothing behind: no row, no message for search.
    assert_eq!(members::count_all(&store.db).await.unwrap(), 2);
    assert_eq!(
        outbox::pending(&store.db, "organisation.changed")
            .await
            .unwrap()
            .len(),
        2
    );
}
backends!(organisation_uniqueness, organisation_uniqueness_body);

/// The form and the import apply one duplicate rule: the same name, folded, in the same
/// country and city — "Montréal" and "montreal" are one city.
async fn duplicate_name_rule_is_the_same_everywhere_body(store: Store) {
    create(&store, &raw("Maison Solidaire", "CA", "Montréal")).await;
    let report = import(
        &store,
        &csv(&[
            HEADER,
            "maison-2,MAISON SOLIDAIRE,en,ngo,allied,member,CA,montreal,,,,",
        ]),
    )
    .await;
    assert_eq!(
        errors(&report),
        vec![(2, "name".into(), "error-name-taken")],
        "the import refuses it"
    );
    let mut r = raw("MAISON SOLIDAIRE", "CA", "montreal");
    r.slug = "maison-3".into();
    let input = validated(&store, &r).await.unwrap();
    assert_eq!(
        invalid(members::create(&store.db, &input, None, "").await),
        vec![FieldError::new("name", "error-name-taken")],
        "so does the form"
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 1);
}
backends!(
    duplicate_name_rule_is_the_same_everywhere,
    duplicate_name_rule_is_the_same_everywhere_body
);

async fn organisation_update_profile_body(store: Store) {
    let mut r = raw("Bilbao City Council", "ES", "Bilbao");
    r.category = "local_government".into();
    r.class = "full".into();
    r.college = "1".into();
    r.translations = vec![("name".into(), "es".into(), "Ayuntamiento de Bilbao".into())];
    let id = create(&store, &r).await;
    create(&store, &raw("Bilbao Social Lab", "ES", "Bilbao")).await;

    // A profile edit cannot change status, class or college, which follow the procedure.
    let mut edit = r.clone();
    edit.city = "Bilbo".into();
    edit.status = "applicant".into();
    edit.class = "honorary".into();
    edit.college = String::new();
    edit.translations.clear();
    let input = validated(&store, &edit).await.unwrap();
    members::update_profile(&store.db, id, 1, &input, None)
        .await
        .unwrap();
    let o = members::by_id(&store.db, id, Locale::Es).await.unwrap();
    assert_eq!(o.city, "Bilbo");
    assert_eq!(
        (o.status, o.class, o.college, o.version),
        (MemberStatus::Member, MembershipClass::Full, Some(1), 2)
    );
    assert_eq!(
        o.name,
        loc("Bilbao City Council", Locale::En, true),
        "the removed translation is gone"
    );

    // Saving over someone else's change is refused, and their change stays.
    let mut stale = r.clone();
    stale.city = "Somewhere".into();
    let input = validated(&store, &stale).await.unwrap();
    let res = members::update_profile(&store.db, id, 1, &input, None).await;
    assert!(
        matches!(res, Err(StoreError::Conflict("error-edit-conflict"))),
        "{res:?}"
    );
    let o = members::by_id(&store.db, id, Locale::En).await.unwrap();
    assert_eq!((o.city.as_str(), o.version), ("Bilbo", 2));

    // Renaming onto a neighbour's name is refused.
    let mut clash = edit.clone();
    clash.name = "Bilbao Social Lab".into();
    clash.city = "Bilbao".into();
    let input = validated(&store, &clash).await.unwrap();
    assert_eq!(
        invalid(members::update_profile(&store.db, id, 2, &input, None).await),
        vec![FieldError::new("name", "error-name-taken")]
    );
    let input = validated(&store, &edit).await.unwrap();
    assert!(matches!(
        members::update_profile(&store.db, Uuid::now_v7(), 1, &input, None).await,
        Err(StoreError::NotFound)
    ));

    // Ten editors save version 2 at once: one wins, the others are told.
    let results = race(10, |i| {
        let (store, mut e) = (store.clone(), edit.clone());
        e.city = format!("City {i}");
        async move {
            let input = support::validated(&store, &e)
                .await
                .map_err(StoreError::Invalid)?;
            let txn = store.db.begin().await?;
            members::update_profile(&txn, id, 2, &input, None).await?;
            txn.commit().await?;
            Ok::<_, StoreError>(i)
        }
    })
    .await;
    let winner = one_winner(&store, &results, &["error-edit-conflict"]);
    let o = members::by_id(&store.db, id, Locale::En).await.unwrap();
    assert_eq!((o.city, o.version), (format!("City {winner}"), 3));
}
backends!(
    organisation_update_profile,
    organisation_update_profile_body
);

async fn organisation_hostile_input_body(store: Store) {
    // Markup is stored as typed; escaping is the templates' job.
    let id = create(&store, &raw("<script>alert(1)</script>", "KR", "Seoul")).await;
    let o = members::by_id(&store.db, id, Locale::Ko).await.unwrap();
    assert_eq!(o.name.text, "<script>alert(1)</script>");
    assert_eq!(o.slug, "script-alert-1-script");
    let sql = "Robert'); DROP TABLE organisation; --";
    let id = create(&store, &raw(sql, "KR", "Seoul")).await;
    assert_eq!(
        members::by_id(&store.db, id, Locale::En)
            .await
            .unwrap()
            .base_name,
        sql
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 2);

    let field_codes = |errs: Vec<FieldError>| {
        errs.into_iter()
            .map(|e| (e.field, e.code))
            .collect::<Vec<_>>()
    };
    let mut r = raw("Link Trap", "KR", "Seoul");
    r.website = "javascript:alert(1)".into();
    assert_eq!(
        field_codes(validated(&store, &r).await.unwrap_err()),
        vec![("website".into(), "error-url-invalid")]
    );
    r.website = " JavaScript:alert(document.cookie)".into();
    assert_eq!(
        field_codes(validated(&store, &r).await.unwrap_err()),
        vec![("website".into(), "error-url-invalid")]
    );

    let mut r = raw("Long Story", "KR", "Seoul");
    r.description = "x".repeat(20_001);
    assert_eq!(
        field_codes(validated(&store, &r).await.unwrap_err()),
        vec![("description".into(), "error-too-long")]
    );
    r.name = "n".repeat(201);
    r.description = String::new();
    assert_eq!(
        field_codes(validated(&store, &r).await.unwrap_err()),
        vec![("name".into(), "error-too-long")]
    );
    r.name = "Nul\u{0}Byte".into();
    assert_eq!(
        field_codes(validated(&store, &r).await.unwrap_err()),
        vec![("name".into(), "error-control-chars")]
    );

    // The longest description allowed, in two-byte characters, is stored whole on both backends.
    let mut r = raw("Long Story", "KR", "Seoul");
    r.description = "é".repeat(20_000);
    let id = create(&store, &r).await;
    assert_eq!(
        members::by_id(&store.db, id, Locale::En)
            .await
            .unwrap()
            .description
            .text
            .chars()
            .count(),
        20_000
    );
}
backends!(organisation_hostile_input, organisation_hostile_input_body);

// =============================================================================================
// Directory
// =============================================================================================

async fn directory_fixture(store: &Store) {
    create(store, &montreal()).await;
    let mut chantier = raw("Chantier de l'économie sociale", "CA", "Montréal");
    chantier.lang = "fr".into();
    chantier.category = "network_sse".into();
    chantier.languages = "fr".into();
    create(store, &chantier).await;
    let mut seoul = raw("Seoul Metropolitan Government", "KR", "Seoul");
    seoul.category = "local_government".into();
    seoul.class = "full".into();
    seoul.college = "1".into();
    seoul.languages = "ko;en".into();
    seoul.translations = vec![("name".into(), "ko".into(), "서울특별시".into())];
    create(store, &seoul).await;
    let mut bilbao = raw("Bilbao City Council", "ES", "Bilbao");
    bilbao.category = "local_government".into();
    bilbao.class = "full".into();
    bilbao.college = "1".into();
    bilbao.languages = "es;eu".into();
    create(store, &bilbao).await;
    let mut dakar = raw("RESS Dakar", "SN", "Dakar");
    dakar.category = "network_sse".into();
    dakar.languages = "fr;wo".into();
    create(store, &dakar).await;
    let mut coop = raw("100% Solidarity Coop", "GB", "Manchester");
    coop.category = "coop_social_enterprise".into();
    coop.languages = "en".into();
    create(store, &coop).await;
    let mut hidden = raw("Hidden Applicant", "FR", "Paris");
    hidden.status = "applicant".into();
    hidden.languages = "fr".into();
    create(store, &hidden).await;
}

async fn names(store: &Store, f: &Filter) -> BTreeSet<String> {
    let page = members::list(&store.db, f, Sort::Name, Locale::En, 0, 100)
        .await
        .unwrap();
    assert_eq!(page.total, page.items.len() as u64);
    page.items.into_iter().map(|o| o.base_name).collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

async fn directory_filters_body(store: Store) {
    directory_fixture(&store).await;
    let public = Filter {
        statuses: public_statuses(),
        ..Filter::default()
    };
    let with = |f: Filter| Filter {
        statuses: public_statuses(),
        ..f
    };

    assert_eq!(names(&store, &Filter::default()).await.len(), 7);
    assert!(
        !names(&store, &public).await.contains("Hidden Applicant"),
        "applicants are not public"
    );
    assert_eq!(names(&store, &public).await.len(), 6);

    let americas = with(Filter {
        continent: Some(Continent::Americas),
        ..Filter::default()
    });
    assert_eq!(
        names(&store, &americas).await,
        set(&["Chantier de l'économie sociale", "Ville de Montréal"])
    );
    let europe = with(Filter {
        continent: Some(Continent::Europe),
        ..Filter::default()
    });
    assert_eq!(
        names(&store, &europe).await,
        set(&["100% Solidarity Coop", "Bilbao City Council"])
    );
    assert!(
        names(
            &store,
            &with(Filter {
                continent: Some(Continent::Oceania),
                ..Filter::default()
            })
        )
        .await
        .is_empty()
    );
    let canada = with(Filter {
        country: Some("ca".into()),
        ..Filter::default()
    });
    assert_eq!(
        names(&store, &canada).await.len(),
        2,
        "country codes are case-insensitive"
    );

    let full = with(Filter {
        class: Some(MembershipClass::Full),
        ..Filter::default()
    });
    assert_eq!(
        names(&store, &full).await,
        set(&[
            "Bilbao City Council",
            "Seoul Metropolitan Government",
            "Ville de Montréal"
        ])
    );
    let full_in_europe = with(Filter {
        class: Some(MembershipClass::Full),
        continent: Some(Continent::Europe),
        ..Filter::default()
    });
    assert_eq!(
        names(&store, &full_in_europe).await,
        set(&["Bilbao City Council"])
    );
    let college = with(Filter {
        college: Some(1),
        ..Filter::default()
    });
    assert_eq!(names(&store, &college).await.len(), 3);
    let networks = with(Filter {
        category: Some("network_sse".into()),
        ..Filter::default()
    });
    assert_eq!(
        names(&store, &networks).await,
        set(&["Chantier de l'économie sociale", "RESS Dakar"])
    );

    let lang = |l: &str| {
        with(Filter {
            language: Some(l.into()),
            ..Filter::default()
        })
    };
    assert_eq!(
        names(&store, &lang("fr")).await,
        set(&[
            "Chantier de l'économie sociale",
            "RESS Dakar",
            "Ville de Montréal"
        ])
    );
    assert_eq!(names(&store, &lang("en")).await.len(), 3);
    assert_eq!(names(&store, &lang("wo")).await, set(&["RESS Dakar"]));
    assert!(
        names(&store, &lang("e")).await.is_empty(),
        "a language matches whole codes only"
    );

    let text = |t: &str| {
        with(Filter {
            text: Some(t.into()),
            ..Filter::default()
        })
    };
    let in_montreal = set(&["Chantier de l'économie sociale", "Ville de Montréal"]);
    assert_eq!(
        names(&store, &text("montreal")).await,
        in_montreal,
        "accent-insensitive, and the city counts"
    );
    assert_eq!(names(&store, &text("  MONTRÉAL ")).await, in_montreal);
    assert_eq!(
        names(&store, &text("서울특별시")).await,
        set(&["Seoul Metropolitan Government"]),
        "translated names are found"
    );
    assert_eq!(
        names(&store, &text("   ")).await.len(),
        6,
        "a blank search is no search"
    );
    assert!(
        names(&store, &text("'; DROP TABLE organisation; --"))
            .await
            .is_empty()
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 7);
}
backends!(directory_filters, directory_filters_body);

/// LIKE wildcards typed by a visitor must match themselves, not everything.
async fn directory_wildcards_are_literal_body(store: Store) {
    directory_fixture(&store).await;
    let text = |t: &str| Filter {
        text: Some(t.into()),
        ..Filter::default()
    };
    assert_eq!(
        names(&store, &text("%")).await,
        set(&["100% Solidarity Coop"]),
        "`%` must not match everything"
    );
    assert_eq!(
        names(&store, &text("100%")).await,
        set(&["100% Solidarity Coop"])
    );
    assert!(
        names(&store, &text("y_c")).await.is_empty(),
        "`_` must not match any one character (\"solidarity coop\")"
    );
    assert!(names(&store, &text("%%%")).await.is_empty());
    let lang = Filter {
        language: Some("%".into()),
        ..Filter::default()
    };
    assert!(
        names(&store, &lang).await.is_empty(),
        "a language filter of `%` matches no organisation"
    );
}
backends!(
    directory_wildcards_are_literal,
    directory_wildcards_are_literal_body
);

async fn directory_newest_first_body(store: Store) {
    for (name, joined) in [
        ("Old Member", "2014-11-19"),
        ("Undated Member", ""),
        ("New Member", "2024-05-01"),
    ] {
        let mut r = raw(name, "FR", "Paris");
        r.joined_on = joined.into();
        create(&store, &r).await;
    }
    let page = members::list(
        &store.db,
        &Filter::default(),
        Sort::Newest,
        Locale::En,
        0,
        10,
    )
    .await
    .unwrap();
    let order: Vec<String> = page.items.into_iter().map(|o| o.base_name).collect();
    assert_eq!(
        order,
        vec!["New Member", "Old Member", "Undated Member"],
        "newest first, unknown dates last"
    );
}
backends!(directory_newest_first, directory_newest_first_body);

async fn directory_paging_body(store: Store) {
    directory_fixture(&store).await;
    for i in 0..24 {
        let mut r = raw(
            &format!("Paging Network {i:02}"),
            if i % 2 == 0 { "GB" } else { "FR" },
            "Bristol",
        );
        r.languages = "en".into();
        create(&store, &r).await;
    }
    let all = Filter::default();
    for sort in [Sort::Name, Sort::Country, Sort::Newest] {
        let mut seen = HashSet::new();
        let mut sizes = Vec::new();
        for offset in (0..40).step_by(10) {
            let page = members::list(&store.db, &all, sort, Locale::En, offset, 10)
                .await
                .unwrap();
            assert_eq!(
                page.total, 31,
                "{sort:?}: the total does not depend on the page"
            );
            sizes.push(page.items.len());
            for o in page.items {
                assert!(seen.insert(o.id), "{sort:?}: {} on two pages", o.slug);
            }
        }
        assert_eq!(sizes, vec![10, 10, 10, 1], "{sort:?}");
        assert_eq!(seen.len(), 31);
    }
    let europe = Filter {
        continent: Some(Continent::Europe),
        ..Filter::default()
    };
    assert_eq!(
        members::list(&store.db, &europe, Sort::Name, Locale::En, 0, 5)
            .await
            .unwrap()
            .total,
        27
    );

    // Keyset pages: every organisation exactly once, whatever the page size.
    for (filter, expected) in [(&all, 31), (&europe, 27)] {
        for limit in [1, 7, 31, 100] {
            let mut seen = Vec::new();
            let mut after: Option<String> = None;
            loop {
                let page =
                    members::list_after(&store.db, filter, after.as_deref(), Locale::En, limit)
                        .await
                        .unwrap();
                assert!(page.len() as u64 <= limit);
                let Some(last) = page.last() else { break };
                after = Some(last.slug.clone());
                seen.extend(page.into_iter().map(|o| o.slug));
            }
            let unique: HashSet<&String> = seen.iter().collect();
            assert_eq!(
                (seen.len(), unique.len()),
                (expected, expected),
                "limit {limit}"
            );
        }
    }
}
backends!(directory_paging, directory_paging_body);

// =============================================================================================
// Statistics
// =============================================================================================

async fn stats_count_only_real_members_body(store: Store) {
    let mut seoul = raw("Seoul Metropolitan Government", "KR", "Seoul");
    seoul.category = "local_government".into();
    seoul.class = "full".into();
    seoul.college = "1".into();
    let seoul = create(&store, &seoul).await;
    let s = members::stats(&store.db).await.unwrap();
    assert_eq!(
        (s.members, s.local_governments, s.countries),
        (0, 0, 0),
        "a full member counts once its first fee is paid"
    );
    assert!(members::map_points(&store.db).await.unwrap().is_empty());

    applications::record_first_fee(&store.db, seoul, day(2024, 1, 15), None)
        .await
        .unwrap();
    let s = members::stats(&store.db).await.unwrap();
    assert_eq!(
        (
            s.members,
            s.local_governments,
            s.sse_organisations,
            s.honorary
        ),
        (1, 1, 0, 0)
    );
    assert_eq!((s.countries, s.continents), (1, 1));
    let again = applications::record_first_fee(&store.db, seoul, day(2024, 2, 1), None).await;
    assert!(
        matches!(
            again,
            Err(StoreError::Conflict("error-fee-already-recorded"))
        ),
        "{again:?}"
    );
    assert_eq!(
        members::by_id(&store.db, seoul, Locale::En)
            .await
            .unwrap()
            .first_fee_paid_on,
        Some(day(2024, 1, 15))
    );

    let mut honorary = raw("Honorary Friend", "FR", "Bordeaux");
    honorary.class = "honorary".into();
    create(&store, &honorary).await;
    for (name, city) in [("RESS Dakar", "Dakar"), ("Thiès Network", "Thiès")] {
        let mut r = raw(name, "SN", city);
        r.category = "network_sse".into();
        create(&store, &r).await;
    }
    // Not members: an applicant, a suspended member, a withdrawn one.
    let mut applicant = raw("Applicant Coop", "BR", "São Paulo");
    applicant.status = "applicant".into();
    create(&store, &applicant).await;
    let suspended = create(&store, &raw("Suspended Coop", "NZ", "Auckland")).await;
    members::change_status(
        &store.db,
        suspended,
        MemberStatus::Suspended,
        None,
        "dues",
        "",
    )
    .await
    .unwrap();
    let mut withdrawn = raw("Withdrawn Coop", "AU", "Sydney");
    withdrawn.status = "withdrawn".into();
    create(&store, &withdrawn).await;

    let s = members::stats(&store.db).await.unwrap();
    assert_eq!(
        (
            s.members,
            s.local_governments,
            s.sse_organisations,
            s.honorary
        ),
        (4, 1, 2, 1)
    );
    assert_eq!(
        s.local_governments + s.sse_organisations + s.honorary,
        s.members
    );
    assert_eq!((s.countries, s.continents), (3, 3));
    assert_eq!(
        s.by_country,
        vec![("SN".into(), 2), ("FR".into(), 1), ("KR".into(), 1)]
    );
    assert_eq!(
        s.by_continent,
        vec![
            ("africa".into(), 2),
            ("asia".into(), 1),
            ("europe".into(), 1)
        ]
    );
    assert_eq!(
        s.by_class,
        vec![
            ("allied".into(), 2),
            ("full".into(), 1),
            ("honorary".into(), 1)
        ]
    );
    assert_eq!(s.by_college, vec![(1, 1)]);
    let points: BTreeSet<String> = members::map_points(&store.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        points,
        set(&[
            "Honorary Friend",
            "RESS Dakar",
            "Seoul Metropolitan Government",
            "Thiès Network"
        ])
    );
}
backends!(
    stats_count_only_real_members,
    stats_count_only_real_members_body
);

// =============================================================================================
// Membership journey
// =============================================================================================

fn application() -> RawApplication {
    RawApplication {
        economic_index: "high".into(),
        statement: "We share the charter and want to join.".into(),
        signatory_name: "Kim Min-ji".into(),
        signatory_title: "Director".into(),
        signatory_confirmed: "on".into(),
        contact_name: "Lee Seo-yeon".into(),
        contact_email: " Lee@Example.ORG ".into(),
    }
}

/// Submits an application in Korean for `name`, a would-be member of `class`.
async fn submit(store: &Store, name: &str, class: &str) -> (Uuid, Uuid) {
    let mut r = raw(name, "KR", "Seoul");
    r.class = class.into();
    r.status = "member".into(); // whatever the form says, an application starts as applicant
    r.first_fee_paid_on = "2020-01-01".into();
    let input = validated(store, &r).await.unwrap();
    let app = application().validate().unwrap();
    let id = applications::submit(&store.db, &input, &app, Locale::Ko)
        .await
        .unwrap();
    (
        id,
        applications::get(&store.db, id)
            .await
            .unwrap()
            .organisation_id,
    )
}

async fn membership_journey_body(store: Store) {
    let (id, org) = submit(&store, "Seoul Youth Coop", "full").await;
    let a = applications::get(&store.db, id).await.unwrap();
    assert_eq!(
        (a.state, a.version, a.status, a.first_fee_paid_on),
        (
            ApplicationState::Submitted,
            1,
            MemberStatus::Applicant,
            None
        )
    );
    assert_eq!(
        a.ack_due_on,
        Some(add_working_days(a.submitted_at.date_naive(), 5))
    );
    assert_eq!(
        (a.contact_email.as_str(), a.locale),
        ("lee@example.org", Locale::Ko)
    );
    let mail = outbox::pending(&store.db, "email").await.unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].payload["template"], "application-received");
    assert_eq!(mail[0].payload["to"], "lee@example.org");
    assert_eq!(
        outbox::pending(&store.db, "email.secretariat")
            .await
            .unwrap()
            .len(),
        1
    );
    let public = Filter {
        statuses: public_statuses(),
        ..Filter::default()
    };
    assert_eq!(
        members::list(&store.db, &public, Sort::Name, Locale::En, 0, 10)
            .await
            .unwrap()
            .total,
        0
    );

    // The same organisation applying twice is refused and leaves nothing behind.
    let input = validated(&store, &raw("SEOUL YOUTH COOP", "KR", "Seoul"))
        .await
        .unwrap();
    let res = applications::submit(
        &store.db,
        &input,
        &application().validate().unwrap(),
        Locale::En,
    )
    .await;
    assert_eq!(
        invalid(res),
        vec![FieldError::new("name", "error-name-taken")]
    );
    assert_eq!(applications::list(&store.db).await.unwrap().len(), 1);
    assert_eq!(outbox::pending(&store.db, "email").await.unwrap().len(), 1);

    applications::acknowledge(&store.db, id, 1, None)
        .await
        .unwrap();
    let twice = applications::acknowledge(&store.db, id, 1, None).await;
    assert!(
        matches!(twice, Err(StoreError::Conflict("error-edit-conflict"))),
        "{twice:?}"
    );
    assert_eq!(
        invalid(applications::request_info(&store.db, id, 2, "  ", None).await),
        vec![FieldError::new("question", "error-required")]
    );
    applications::request_info(&store.db, id, 2, "Please send your statutes.", None)
        .await
        .unwrap();
    let a = applications::get(&store.db, id).await.unwrap();
    assert_eq!(
        (a.state, a.version, a.info_request.as_str()),
        (
            ApplicationState::InfoRequested,
            3,
            "Please send your statutes."
        )
    );
    assert!(a.acknowledged_at.is_some());

    // A decision needs its reference; a refused call changes nothing.
    assert_eq!(
        invalid(applications::decide(&store.db, id, 3, true, day(2025, 5, 20), " ", None).await),
        vec![FieldError::new("reference", "error-required")]
    );
    assert_eq!(applications::get(&store.db, id).await.unwrap().version, 3);
    applications::decide(&store.db, id, 3, true, day(2025, 5, 20), "SC-2025-07", None)
        .await
        .unwrap();

    let a = applications::get(&store.db, id).await.unwrap();
    assert_eq!((a.state, a.version), (ApplicationState::Approved, 4));
    assert_eq!(
        (a.decision_on, a.decision_ref.as_str()),
        (Some(day(2025, 5, 20)), "SC-2025-07")
    );
    let o = members::by_id(&store.db, org, Locale::En).await.unwrap();
    assert_eq!(
        (o.status, o.class, o.joined_on),
        (
            MemberStatus::Member,
            MembershipClass::Full,
            Some(day(2025, 5, 20))
        )
    );
    let history: Vec<(String, String, String)> = members::history(&store.db, org)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.to_status, e.reference))
        .collect();
    let h = |k: &str, to: &str, r: &str| (k.to_owned(), to.to_owned(), r.to_owned());
    assert_eq!(
        history,
        vec![
            h("created", "applicant", ""),
            h("application.acknowledged", "", ""),
            h("application.info_requested", "", ""),
            h("status", "member", "SC-2025-07"),
        ]
    );
    let invitations = outbox::pending(&store.db, "invitation").await.unwrap();
    assert_eq!(invitations.len(), 1);
    assert_eq!(invitations[0].payload["email"], "lee@example.org");
    assert_eq!(invitations[0].payload["organisation"], org.to_string());
    assert_eq!(
        members::list(&store.db, &public, Sort::Name, Locale::En, 0, 10)
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        members::stats(&store.db).await.unwrap().members,
        0,
        "full: counts once the first fee is paid"
    );

    // Deciding again: with the new version the state refuses, with the old one the version.
    let again =
        applications::decide(&store.db, id, 4, false, day(2025, 6, 1), "SC-2025-08", None).await;
    assert!(
        matches!(again, Err(StoreError::Conflict("error-application-state"))),
        "{again:?}"
    );
    let stale =
        applications::decide(&store.db, id, 3, true, day(2025, 6, 1), "SC-2025-08", None).await;
    assert!(
        matches!(stale, Err(StoreError::Conflict("error-edit-conflict"))),
        "{stale:?}"
    );
    assert_eq!(members::history(&store.db, org).await.unwrap().len(), 4);
    assert_eq!(
        outbox::pending(&store.db, "invitation")
            .await
            .unwrap()
            .len(),
        1
    );

    applications::assign_college(&store.db, org, 3, None)
        .await
        .unwrap();
    assert_eq!(
        invalid(applications::assign_college(&store.db, org, 9, None).await),
        vec![FieldError::new("college", "error-college-invalid")]
    );
    applications::record_first_fee(&store.db, org, day(2025, 6, 30), None)
        .await
        .unwrap();
    let s = members::stats(&store.db).await.unwrap();
    assert_eq!((s.members, s.by_college.clone()), (1, vec![(3, 1)]));

    // A rejection closes the application without an invitation.
    let (rid, rorg) = submit(&store, "Rejected Coop", "allied").await;
    let allied = raw("Allied Coop", "KR", "Seoul");
    assert_eq!(
        invalid(
            applications::assign_college(&store.db, create(&store, &allied).await, 1, None).await
        ),
        vec![FieldError::new("college", "error-college-full-only")]
    );
    applications::decide(
        &store.db,
        rid,
        1,
        false,
        day(2025, 5, 20),
        "SC-2025-09",
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        members::by_id(&store.db, rorg, Locale::En)
            .await
            .unwrap()
            .status,
        MemberStatus::Rejected
    );
    assert_eq!(
        outbox::pending(&store.db, "invitation")
            .await
            .unwrap()
            .len(),
        1
    );
    let mail = outbox::pending(&store.db, "email").await.unwrap();
    assert!(
        mail.iter()
            .any(|m| m.payload["template"] == "application-rejected"
                && m.payload["reference"] == "SC-2025-09")
    );
    let list = applications::list(&store.db).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|a| !a.state.is_open()));
}
backends!(membership_journey, membership_journey_body);

/// `n` secretariat members approve the same application at the same moment.
async fn decide_race(store: Store, n: usize) {
    let (id, org) = submit(&store, "Contested Coop", "allied").await;
    let results = race(n, |i| {
        let store = store.clone();
        async move {
            let txn = store.db.begin().await?;
            applications::decide(
                &txn,
                id,
                1,
                true,
                day(2025, 5, 20),
                &format!("SC-{i}"),
                None,
            )
            .await?;
            txn.commit().await?;
            Ok::<_, StoreError>(i)
        }
    })
    .await;
    let winner = one_winner(
        &store,
        &results,
        &["error-edit-conflict", "error-application-state"],
    );

    let a = applications::get(&store.db, id).await.unwrap();
    assert_eq!(
        (a.state, a.version, a.decision_ref),
        (ApplicationState::Approved, 2, format!("SC-{winner}"))
    );
    let to_member: Vec<_> = members::history(&store.db, org)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "status" && e.to_status == "member")
        .collect();
    assert_eq!(to_member.len(), 1, "one approval, one history entry");
    assert_eq!(members::stats(&store.db).await.unwrap().members, 1);
    assert_eq!(
        outbox::pending(&store.db, "invitation")
            .await
            .unwrap()
            .len(),
        1,
        "one invitation"
    );
    assert_eq!(
        members::by_id(&store.db, org, Locale::En)
            .await
            .unwrap()
            .status,
        MemberStatus::Member
    );
}

async fn decide_race_of_two_body(store: Store) {
    decide_race(store, 2).await;
}
backends!(decide_race_of_two, decide_race_of_two_body);

async fn decide_race_of_twenty_body(store: Store) {
    decide_race(store, 20).await;
}
backends!(decide_race_of_twenty, decide_race_of_twenty_body);

// =============================================================================================
// Status transitions
// =============================================================================================

async fn status_transitions_body(store: Store) {
    let id = create(&store, &raw("Moving Coop", "IT", "Bologna")).await;
    let status = |store: Store| async move {
        members::by_id(&store.db, id, Locale::En)
            .await
            .unwrap()
            .status
    };

    members::change_status(
        &store.db,
        id,
        MemberStatus::Suspended,
        None,
        "unpaid dues",
        "SC-1",
    )
    .await
    .unwrap();
    assert_eq!(status(store.clone()).await, MemberStatus::Suspended);
    let last = members::history(&store.db, id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        (
            last.kind.as_str(),
            last.from_status.as_str(),
            last.to_status.as_str()
        ),
        ("status", "member", "suspended")
    );
    assert_eq!(
        (last.note.as_str(), last.reference.as_str()),
        ("unpaid dues", "SC-1")
    );
    members::change_status(&store.db, id, MemberStatus::Member, None, "paid", "")
        .await
        .unwrap();
    members::change_status(
        &store.db,
        id,
        MemberStatus::Disqualified,
        None,
        "charter",
        "SC-2",
    )
    .await
    .unwrap();

    let events = members::history(&store.db, id).await.unwrap().len();
    for to in [
        MemberStatus::Member,
        MemberStatus::Suspended,
        MemberStatus::Disqualified,
        MemberStatus::Applicant,
    ] {
        let res = members::change_status(&store.db, id, to, None, "", "").await;
        assert!(
            matches!(res, Err(StoreError::Conflict("error-status-transition"))),
            "disqualified → {to}: {res:?}"
        );
    }
    assert_eq!(status(store.clone()).await, MemberStatus::Disqualified);
    assert_eq!(
        members::history(&store.db, id).await.unwrap().len(),
        events,
        "refused changes leave no history"
    );
    let unknown = members::change_status(
        &store.db,
        Uuid::now_v7(),
        MemberStatus::Member,
        None,
        "",
        "",
    )
    .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");

    // Ten people suspend the same member at once: one suspension, one history entry.
    let other = create(&store, &raw("Busy Coop", "IT", "Bologna")).await;
    let results = race(10, |_| {
        let store = store.clone();
        async move {
            let txn = store.db.begin().await?;
            members::change_status(&txn, other, MemberStatus::Suspended, None, "", "").await?;
            txn.commit().await?;
            Ok::<_, StoreError>(())
        }
    })
    .await;
    one_winner(
        &store,
        &results,
        &["error-edit-conflict", "error-status-transition"],
    );
    let suspensions = members::history(&store.db, other)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "status")
        .count();
    assert_eq!(suspensions, 1);
}
backends!(status_transitions, status_transitions_body);

// =============================================================================================
// Accounts, sessions, throttling, password reset
// =============================================================================================

/// A random 256-bit token hash in hex, as the web layer stores them (random from the standard
/// library's hash keys, so that no two tokens share a 16-character handle).
fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    (0..4)
        .map(|_| {
            format!(
                "{:016x}",
                std::collections::hash_map::RandomState::new()
                    .build_hasher()
                    .finish()
            )
        })
        .collect()
}

async fn account(store: &Store, email: &str) -> accounts::Account {
    let email = Email::parse(email).unwrap();
    let id = accounts::create(
        &store.db,
        &email,
        "Ana",
        "$argon2id$v=19$stub",
        SiteRole::Person,
        Locale::Fr,
        None,
    )
    .await
    .unwrap();
    accounts::by_id(&store.db, id)
        .await
        .unwrap()
        .expect("account just created")
}

async fn accounts_and_sessions_body(store: Store) {
    let ana = account(&store, "ana@example.org").await;
    assert_eq!(
        (
            ana.email.as_str(),
            ana.site_role.as_str(),
            ana.locale.as_str(),
            ana.disabled
        ),
        ("ana@example.org", "person", "fr", false)
    );
    let dup = accounts::create(
        &store.db,
        &Email::parse("ANA@Example.org").unwrap(),
        "Other",
        "h",
        SiteRole::Admin,
        Locale::En,
        None,
    )
    .await;
    assert!(
        matches!(dup, Err(StoreError::Conflict("error-email-taken"))),
        "{dup:?}"
    );
    assert_eq!(
        accounts::by_email(&store.db, &Email::parse("Ana@example.ORG").unwrap())
            .await
            .unwrap()
            .map(|a| a.id),
        Some(ana.id)
    );
    assert!(
        accounts::by_email(&store.db, &Email::parse("nobody@example.org").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    let bob = account(&store, "bob@example.org").await;

    let policy = SessionPolicy::default();
    let (t1, t2, tb) = (token(), token(), token());
    accounts::create_session(
        &store.db,
        &t1,
        ana.id,
        "csrf-1",
        "192.0.2.1",
        "Firefox",
        policy,
    )
    .await
    .unwrap();
    accounts::create_session(
        &store.db,
        &t2,
        ana.id,
        "csrf-2",
        &"9".repeat(100),
        &"ua".repeat(500),
        policy,
    )
    .await
    .unwrap();
    accounts::create_session(
        &store.db,
        &tb,
        bob.id,
        "csrf-b",
        "192.0.2.2",
        "Chromium",
        policy,
    )
    .await
    .unwrap();
    let (s, acc) = accounts::session(&store.db, &t1, policy)
        .await
        .unwrap()
        .expect("live session");
    assert_eq!(
        (acc.id, s.csrf.as_str(), s.ip.as_str()),
        (ana.id, "csrf-1", "192.0.2.1")
    );
    assert!(s.expires_at > s.created_at + Duration::days(29));
    assert!(
        accounts::session(&store.db, &token(), policy)
            .await
            .unwrap()
            .is_none()
    );
    let mine = accounts::sessions_of(&store.db, ana.id).await.unwrap();
    assert_eq!(mine.len(), 2);
    let long = mine.iter().find(|s| s.id == t2).unwrap();
    assert_eq!(
        (long.ip.chars().count(), long.user_agent.chars().count()),
        (64, 300)
    );

    // A handle names a session of one's own account only.
    let res = accounts::end_session_by_handle(&store.db, ana.id, &tb[..16]).await;
    assert!(matches!(res, Err(StoreError::NotFound)), "{res:?}");
    assert!(
        accounts::session(&store.db, &tb, policy)
            .await
            .unwrap()
            .is_some(),
        "Bob's session survives"
    );
    for bad in [
        "%%%%%%%%%%%%%%%%",
        "________________",
        "",
        &t2[..15],
        &t2[..17],
        &t2,
    ] {
        let res = accounts::end_session_by_handle(&store.db, ana.id, bad).await;
        assert!(matches!(res, Err(StoreError::NotFound)), "{bad:?}: {res:?}");
    }
    assert_eq!(
        accounts::sessions_of(&store.db, ana.id)
            .await
            .unwrap()
            .len(),
        2
    );
    accounts::end_session_by_handle(&store.db, ana.id, &t2[..16])
        .await
        .unwrap();
    assert!(
        accounts::session(&store.db, &t2, policy)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        accounts::session(&store.db, &t1, policy)
            .await
            .unwrap()
            .is_some()
    );
    accounts::end_session(&store.db, &t1).await.unwrap();
    assert!(
        accounts::session(&store.db, &t1, policy)
            .await
            .unwrap()
            .is_none()
    );

    // After a password change, only the current session stays.
    let (t3, t4) = (token(), token());
    for t in [&t3, &t4] {
        accounts::create_session(&store.db, t, ana.id, "c", "", "", policy)
            .await
            .unwrap();
    }
    accounts::end_other_sessions(&store.db, ana.id, Some(&t3))
        .await
        .unwrap();
    assert!(
        accounts::session(&store.db, &t3, policy)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        accounts::session(&store.db, &t4, policy)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        accounts::session(&store.db, &tb, policy)
            .await
            .unwrap()
            .is_some()
    );

    let actor = accounts::actor(&store.db, &ana).await.unwrap();
    assert_eq!(
        (actor.account, actor.site_role, actor.orgs.len()),
        (Some(ana.id), Some(SiteRole::Person), 0)
    );
    let org = create(&store, &raw("Ana's Coop", "FR", "Lille")).await;
    members::set_affiliation(
        &store.db,
        ana.id,
        org,
        pumasi_domain::members::OrgRole::Editor,
        None,
    )
    .await
    .unwrap();
    members::set_affiliation(
        &store.db,
        ana.id,
        org,
        pumasi_domain::members::OrgRole::Admin,
        None,
    )
    .await
    .unwrap();
    let actor = accounts::actor(&store.db, &ana).await.unwrap();
    assert_eq!(
        actor.orgs,
        vec![(org, pumasi_domain::members::OrgRole::Admin)]
    );
    assert_eq!(members::people(&store.db, org).await.unwrap().len(), 1);
}
backends!(accounts_and_sessions, accounts_and_sessions_body);

async fn session_expiry_body(store: Store) {
    let ana = account(&store, "ana@example.org").await;
    let policy = SessionPolicy::default();
    let live = token();
    accounts::create_session(&store.db, &live, ana.id, "c", "", "", policy)
        .await
        .unwrap();

    for idle in [Duration::zero(), Duration::minutes(-1)] {
        let t = token();
        accounts::create_session(&store.db, &t, ana.id, "c", "", "", policy)
            .await
            .unwrap();
        let strict = SessionPolicy {
            idle,
            absolute: Duration::days(30),
        };
        assert!(
            accounts::session(&store.db, &t, strict)
                .await
                .unwrap()
                .is_none(),
            "idle {idle}"
        );
        assert!(
            accounts::session(&store.db, &t, policy)
                .await
                .unwrap()
                .is_none(),
            "an expired session is deleted"
        );
    }
    let t = token();
    accounts::create_session(
        &store.db,
        &t,
        ana.id,
        "c",
        "",
        "",
        SessionPolicy {
            idle: Duration::hours(8),
            absolute: Duration::zero(),
        },
    )
    .await
    .unwrap();
    assert!(
        accounts::session(&store.db, &t, policy)
            .await
            .unwrap()
            .is_none(),
        "absolute timeout"
    );

    assert!(
        accounts::session(&store.db, &live, policy)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        accounts::sessions_of(&store.db, ana.id)
            .await
            .unwrap()
            .len(),
        1
    );
}
backends!(session_expiry, session_expiry_body);

async fn throttle_locks_after_max_failures_body(store: Store) {
    let th = Throttle {
        max: 5,
        window: Duration::minutes(15),
    };
    let key = "account:ana@example.org";
    for i in 1..5 {
        assert!(
            !accounts::record_failure(&store.db, key, th).await.unwrap(),
            "failure {i} does not lock"
        );
        assert!(!accounts::is_locked(&store.db, key).await.unwrap());
    }
    assert!(
        accounts::record_failure(&store.db, key, th).await.unwrap(),
        "the fifth failure locks"
    );
    assert!(accounts::is_locked(&store.db, key).await.unwrap());
    assert!(
        !accounts::is_locked(&store.db, "ip:192.0.2.1")
            .await
            .unwrap(),
        "other keys are not locked"
    );
    accounts::clear_failures(&store.db, key).await.unwrap();
    assert!(!accounts::is_locked(&store.db, key).await.unwrap());

    // Failures in a window that has passed start a new count.
    let instant = Throttle {
        max: 2,
        window: Duration::zero(),
    };
    assert!(
        !accounts::record_failure(&store.db, "ip:198.51.100.7", instant)
            .await
            .unwrap()
    );
    assert!(
        !accounts::record_failure(&store.db, "ip:198.51.100.7", instant)
            .await
            .unwrap()
    );
}
backends!(
    throttle_locks_after_max_failures,
    throttle_locks_after_max_failures_body
);

/// An attacker who sends twenty wrong passwords at once must not get twenty tries.
async fn throttle_counts_concurrent_failures_body(store: Store) {
    let th = Throttle::default();
    let key = "ip:203.0.113.9";
    let results = race(20, |_| {
        let store = store.clone();
        async move { accounts::record_failure(&store.db, key, th).await }
    })
    .await;
    for r in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    let row = pumasi_store::entities::login_throttle::Entity::find_by_id(key.to_owned())
        .one(&store.db)
        .await
        .unwrap()
        .unwrap();
    let locked = accounts::is_locked(&store.db, key).await.unwrap();
    assert!(
        locked,
        "20 simultaneous failures must lock a key whose limit is {}; {} were counted",
        th.max, row.failures
    );
    assert_eq!(row.failures, 20, "every failure is counted");
}
backends!(
    throttle_counts_concurrent_failures,
    throttle_counts_concurrent_failures_body
);

async fn password_reset_once_body(store: Store) {
    let ana = account(&store, "ana@example.org").await;
    let tok = token();
    accounts::create_reset(
        &store.db,
        &tok,
        &ana,
        "https://hub.example/fr/reset/abc",
        Duration::hours(1),
    )
    .await
    .unwrap();
    let mail = outbox::pending(&store.db, "email").await.unwrap();
    assert_eq!(
        (
            mail.len(),
            &mail[0].payload["template"],
            &mail[0].payload["to"]
        ),
        (1, &"password-reset".into(), &"ana@example.org".into())
    );
    assert!(accounts::reset_usable(&store.db, &tok).await.unwrap());
    assert!(
        !mail[0].payload.to_string().contains(&tok),
        "the stored hash is not what the link carries"
    );

    assert_eq!(
        accounts::consume_reset(&store.db, &tok).await.unwrap(),
        Some(ana.id)
    );
    assert_eq!(
        accounts::consume_reset(&store.db, &tok).await.unwrap(),
        None,
        "a token works once"
    );
    assert!(!accounts::reset_usable(&store.db, &tok).await.unwrap());
    assert_eq!(
        accounts::consume_reset(&store.db, &token()).await.unwrap(),
        None
    );

    let expired = token();
    accounts::create_reset(&store.db, &expired, &ana, "l", Duration::minutes(-1))
        .await
        .unwrap();
    assert!(!accounts::reset_usable(&store.db, &expired).await.unwrap());
    assert_eq!(
        accounts::consume_reset(&store.db, &expired).await.unwrap(),
        None
    );

    let raced = token();
    accounts::create_reset(&store.db, &raced, &ana, "l", Duration::hours(1))
        .await
        .unwrap();
    let results = race(10, |_| {
        let (store, raced) = (store.clone(), raced.clone());
        async move { accounts::consume_reset(&store.db, &raced).await }
    })
    .await;
    let used: Vec<Uuid> = results
        .into_iter()
        .filter_map(|r| r.expect("consume"))
        .collect();
    assert_eq!(
        used,
        vec![ana.id],
        "ten simultaneous uses: exactly one succeeds"
    );
}
backends!(password_reset_once, password_reset_once_body);

/// If this fails, someone who asked for several reset links and used one can still change the
/// password again with another — as could whoever read an older email.
async fn a_password_change_ends_every_reset_link_body(store: Store) {
    let ana = account(&store, "ana-links@example.org").await;
    let bo = account(&store, "bo-links@example.org").await;
    let links: Vec<String> = (0..3).map(|_| token()).collect();
    for t in &links {
        accounts::create_reset(&store.db, t, &ana, "l", Duration::hours(1))
            .await
            .unwrap();
    }
    let others = token();
    accounts::create_reset(&store.db, &others, &bo, "l", Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        accounts::consume_reset(&store.db, &links[1]).await.unwrap(),
        Some(ana.id)
    );
    accounts::set_password(&store.db, ana.id, "new-hash")
        .await
        .unwrap();
    for t in &links {
        assert!(!accounts::reset_usable(&store.db, t).await.unwrap());
        assert_eq!(accounts::consume_reset(&store.db, t).await.unwrap(), None);
    }
    assert!(
        accounts::reset_usable(&store.db, &others).await.unwrap(),
        "another account's link is untouched"
    );
}
backends!(
    a_password_change_ends_every_reset_link,
    a_password_change_ends_every_reset_link_body
);

// =============================================================================================
// Import and export
// =============================================================================================

const HEADER: &str =
    "slug,name,lang,category,class,status,country,city,latitude,longitude,website,description";

fn row(slug: &str, name: &str, country: &str) -> String {
    format!("{slug},{name},en,ngo,allied,member,{country},Town,,,,")
}

fn row_at(slug: &str, name: &str, lat: &str, lon: &str) -> String {
    format!("{slug},{name},en,ngo,allied,member,KR,Town,{lat},{lon},,")
}

async fn import_coops_uk_body(store: Store) {
    let gz = std::fs::File::open(COOPS_UK_GZ).expect("testdata/coops-uk in the repository");
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut bytes)
        .expect("the Co-ops UK file decompresses");
    let started = std::time::Instant::now();
    let (rows, report) = transfer::validate(&store.db, bytes.as_slice())
        .await
        .unwrap();
    let validated_in = started.elapsed();
    assert!(
        report.errors.is_empty(),
        "{} errors, first: {:?}",
        report.errors.len(),
        &report.errors[..report.errors.len().min(10)]
    );
    assert_eq!(
        (report.format, report.rows, rows.len()),
        (Some(Format::CoopsUk), 7_272, 7_271)
    );
    // The Dot Project is listed twice (R023876 on line 11525, R030895 on line 12311): imported once.
    assert_eq!(report.merged_duplicates, vec![(12_311, 11_525)]);
    assert!(
        rows.iter()
            .any(|(line, o)| *line == 11_525 && o.name == "Dot Project")
    );

    let started = std::time::Instant::now();
    let txn = store.db.begin().await.unwrap();
    let mut progress = Vec::new();
    let written = transfer::write(&txn, &rows, None, |n| progress.push(n))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    let written_in = started.elapsed();
    eprintln!(
        "Co-ops UK import on {:?}: validate {validated_in:?}, write {written_in:?} ({written} rows)",
        store.backend()
    );
    assert_eq!(written, 7_271);
    assert!(
        progress.windows(2).all(|w| w[0] < w[1]) && progress.last() == Some(&7_271),
        "{progress:?}"
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 7_271);

    let dot = members::by_slug(&store.db, "dot-project-r023876", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        (
            dot.city.as_str(),
            dot.country.as_str(),
            dot.website.as_str()
        ),
        ("Bath", "GB", "http://www.dotproject.coop")
    );
    assert_eq!(
        (dot.latitude, dot.longitude, dot.essglobal_activity.as_str()),
        (Some(51.374746), Some(-2.331853), "ICA110")
    );
    assert_eq!(
        (dot.class, dot.status, dot.category.as_str()),
        (
            MembershipClass::Allied,
            MemberStatus::Member,
            "coop_social_enterprise"
        )
    );
    let s = members::stats(&store.db).await.unwrap();
    assert_eq!(
        (s.members, s.sse_organisations, s.countries, s.continents),
        (7_271, 7_271, 1, 1)
    );
    let bath = Filter {
        text: Some("dot project".into()),
        ..Filter::default()
    };
    assert_eq!(
        members::list(&store.db, &bath, Sort::Name, Locale::En, 0, 10)
            .await
            .unwrap()
            .total,
        1
    );
}
backends!(import_coops_uk, import_coops_uk_body);

async fn import_demo_body(store: Store) {
    let bytes = std::fs::read(DEMO).unwrap();
    let report = import(&store, &bytes).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        (report.format, report.rows, report.created),
        (Some(Format::Pumasi), 81, 81)
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 81);

    let s = members::stats(&store.db).await.unwrap();
    assert_eq!((s.members, s.countries, s.continents), (78, 36, 5));
    assert_eq!(
        (s.local_governments, s.sse_organisations, s.honorary),
        (27, 49, 2)
    );
    assert_eq!(members::map_points(&store.db).await.unwrap().len(), 78);

    let seoul = members::by_slug(&store.db, "seoul-metropolitan-government", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        seoul.name,
        loc("Seoul Metropolitan Government", Locale::En, false)
    );
    assert_eq!(seoul.base_name, "서울특별시");
    let in_korean = members::by_slug(&store.db, "seoul-metropolitan-government", Locale::Ko)
        .await
        .unwrap();
    assert_eq!(in_korean.name, loc("서울특별시", Locale::Ko, false));

    // The same file again: every line is already there, and nothing is written twice.
    let again = import(&store, &bytes).await;
    let taken: BTreeSet<u64> = again
        .errors
        .iter()
        .filter(|e| e.code == "error-slug-taken")
        .map(|e| e.line)
        .collect();
    assert_eq!(
        taken,
        (2..=82).collect(),
        "every line is reported as existing"
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 81);
}
backends!(import_demo, import_demo_body);

/// `slug → column → value` of a CSV file in our format.
fn records(bytes: &[u8]) -> HashMap<String, HashMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(bytes);
    let header = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let map: HashMap<String, String> = header
                .iter()
                .zip(r.iter())
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            (map["slug"].clone(), map)
        })
        .collect()
}

async fn export_round_trip_body(store: Store) {
    let demo = std::fs::read(DEMO).unwrap();
    assert!(import(&store, &demo).await.errors.is_empty());
    let mut first = Vec::new();
    transfer::write_csv(&transfer::all(&store.db).await.unwrap(), true, &mut first).unwrap();

    let other = support::TestDb::like(&store).await;
    let report = import(&other.store, &first).await;
    let mut second = Vec::new();
    transfer::write_csv(
        &transfer::all(&other.store.db).await.unwrap(),
        true,
        &mut second,
    )
    .unwrap();
    other.finish().await;
    assert!(
        report.errors.is_empty(),
        "our own export imports cleanly: {:?}",
        report.errors
    );
    assert_eq!(report.created, 81);
    if first != second {
        let (a, b) = (
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second),
        );
        let diff = a
            .lines()
            .zip(b.lines())
            .enumerate()
            .find(|(_, (x, y))| x != y);
        panic!("export → import → export changed the bytes; first difference: {diff:?}");
    }

    // The export says what the imported file said.
    let (demo, export) = (records(&demo), records(&first));
    assert_eq!(export.len(), demo.len());
    let mut wrong = Vec::new();
    for (slug, d) in &demo {
        let e = &export[slug];
        for (col, want) in d {
            let got = &e[col];
            let same = match col.as_str() {
                "latitude" | "longitude" => want.parse::<f64>().ok() == got.parse::<f64>().ok(),
                _ => want.trim() == got,
            };
            if !same {
                wrong.push(format!("{slug}.{col}: file {want:?}, export {got:?}"));
            }
        }
    }
    let columns: BTreeSet<&str> = wrong
        .iter()
        .filter_map(|w| w.split(':').next()?.rsplit('.').next())
        .collect();
    assert!(
        wrong.is_empty(),
        "{} fields in columns {columns:?} differ from the imported file, e.g.:\n{}",
        wrong.len(),
        wrong[..wrong.len().min(5)].join("\n")
    );
}
backends!(export_round_trip, export_round_trip_body);

/// If this fails, a name typed by an applicant runs as a spreadsheet formula when the members
/// CSV is opened, or our own protected export no longer imports back as it was.
async fn export_cells_never_run_as_formulas_body(store: Store) {
    let mut r = raw(
        "=HYPERLINK(\"http://evil.example\",\"Bordeaux\")",
        "FR",
        "@Bordeaux",
    );
    r.description = "-2+3 cmd|' /C calc'!A0".into();
    r.longitude = "-0.57".into();
    r.latitude = "44.84".into();
    create(&store, &r).await;
    let mut out = Vec::new();
    transfer::write_csv(&transfer::all(&store.db).await.unwrap(), true, &mut out).unwrap();
    let mut rdr = ::csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_owned).collect();
    let rec = rdr.records().next().unwrap().unwrap();
    let row: HashMap<&str, &str> = header.iter().map(String::as_str).zip(rec.iter()).collect();
    assert!(row["name"].starts_with("'="), "{row:?}");
    assert!(row["city"].starts_with("'@"));
    assert!(row["description"].starts_with("'-2+3"));
    assert_eq!(row["longitude"], "-0.57", "a number stays a number");
    let other = support::TestDb::like(&store).await;
    let report = import(&other.store, &out).await;
    let back = transfer::all(&other.store.db).await.unwrap();
    other.finish().await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(back[0].base_name, r.name);
    assert_eq!(back[0].city, "@Bordeaux");
    assert_eq!(back[0].base_description, r.description);
}

backends!(
    export_cells_never_run_as_formulas,
    export_cells_never_run_as_formulas_body
);

async fn export_hides_private_contacts_body(store: Store) {
    let mut r = raw("Private Coop", "KR", "Seoul");
    r.leader_name = "Park Ji-hoon".into();
    r.leader_email = "leader@private.example".into();
    r.focal_phone = "+82 2 123 4567".into();
    r.latitude = "37.5".into();
    r.longitude = "127".into();
    create(&store, &r).await;
    let orgs = transfer::all(&store.db).await.unwrap();
    let secrets = ["Park Ji-hoon", "leader@private.example", "+82 2 123 4567"];

    let (mut public, mut private) = (Vec::new(), Vec::new());
    transfer::write_csv(&orgs, false, &mut public).unwrap();
    transfer::write_csv(&orgs, true, &mut private).unwrap();
    let (public, private) = (
        String::from_utf8(public).unwrap(),
        String::from_utf8(private).unwrap(),
    );
    let json_public = transfer::to_json(&orgs, false).to_string();
    let ld = transfer::to_essglobal(&orgs, "https://hub.example");
    for s in secrets {
        assert!(
            !public.contains(s) && !json_public.contains(s) && !ld.to_string().contains(s),
            "{s} leaked"
        );
        assert!(
            private.contains(s) && transfer::to_json(&orgs, true).to_string().contains(s),
            "{s} missing"
        );
    }
    assert_eq!(
        ld["@graph"][0]["@id"],
        "https://hub.example/en/members/private-coop"
    );
    assert_eq!(ld["@graph"][0]["geo:lat"], 37.5);
}
backends!(
    export_hides_private_contacts,
    export_hides_private_contacts_body
);

async fn import_rejects_wrong_header_body(store: Store) {
    let coops_short = transfer::COOPS_UK_COLUMNS[..29].join(",");
    let files: Vec<Vec<u8>> = vec![
        csv(&["name,category,class", "A,ngo,allied"]),
        csv(&["name,category,class,country,colour", "A,ngo,allied,KR,red"]),
        csv(&["name,name,category,class,country", "A,B,ngo,allied,KR"]),
        csv(&[&coops_short]),
        Vec::new(),
        b"\xef\xbb\xbfname;category;class;country\nA;ngo;allied;KR\n".to_vec(),
    ];
    for bytes in files {
        let report = import(&store, &bytes).await;
        assert_eq!(
            errors(&report),
            vec![(1, "header".into(), "error-csv-header")],
            "{}",
            String::from_utf8_lossy(&bytes)
        );
        assert_eq!(report.format, None);
    }
    let report = import(&store, b"slug,n\xffme,category,class,country\n").await;
    assert_eq!(
        errors(&report),
        vec![(1, "header".into(), "error-csv-utf8")]
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 0);
}
backends!(
    import_rejects_wrong_header,
    import_rejects_wrong_header_body
);

/// Spreadsheets save "CSV UTF-8" with a byte-order mark and CRLF line ends.
async fn import_accepts_byte_order_mark_body(store: Store) {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(
        [HEADER, &row("bom-coop", "Bom Coop", "KR")]
            .join("\r\n")
            .into_bytes(),
    );
    let report = import(&store, &bytes).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!((report.format, report.created), (Some(Format::Pumasi), 1));
    assert_eq!(
        members::by_slug(&store.db, "bom-coop", Locale::En)
            .await
            .unwrap()
            .base_name,
        "Bom Coop"
    );
}
backends!(
    import_accepts_byte_order_mark,
    import_accepts_byte_order_mark_body
);

async fn import_reports_bad_utf8_line_body(store: Store) {
    let mut bytes = csv(&[HEADER, &row("good-one", "Good One", "KR")]);
    bytes.extend_from_slice(b"bad-bytes,Bad \xff\xfe Name,en,ngo,allied,member,KR,Town,,,,\n");
    bytes.extend(csv(&[&row("good-two", "Good Two", "KR")]));
    let report = import(&store, &bytes).await;
    assert_eq!(errors(&report), vec![(3, String::new(), "error-csv-utf8")]);
    assert_eq!(members::count_all(&store.db).await.unwrap(), 0);
}
backends!(
    import_reports_bad_utf8_line,
    import_reports_bad_utf8_line_body
);

async fn import_counts_lines_across_quoted_newlines_body(store: Store) {
    let multi = [
        r#"multi,Multi Line,en,ngo,allied,member,KR,Seoul,,,,"First line."#,
        r#"Second line, with a comma.""#,
    ];
    let fine = row("fine", "Fine Coop", "KR");
    for eol in ["\n", "\r\n"] {
        let lines = [
            HEADER,
            multi[0],
            multi[1],
            &fine,
            &row("bad-country", "Bad Country", "ZZ"),
            &row("fine-too", "Fine Too", "KR"),
        ];
        let report = import(&store, lines.join(eol).as_bytes()).await;
        assert_eq!(
            errors(&report),
            vec![(5, "country".into(), "error-country-invalid")],
            "line ends {eol:?}"
        );
        assert_eq!(members::count_all(&store.db).await.unwrap(), 0);
    }
    // Without the bad row the file imports, newline included.
    let report = import(
        &store,
        [HEADER, multi[0], multi[1], &fine].join("\r\n").as_bytes(),
    )
    .await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.created, 2);
    let o = members::by_slug(&store.db, "multi", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        o.description.text,
        "First line.\nSecond line, with a comma."
    );
}
backends!(
    import_counts_lines_across_quoted_newlines,
    import_counts_lines_across_quoted_newlines_body
);

async fn import_rejects_too_many_columns_body(store: Store) {
    let header = (0..10_000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let report = import(&store, &csv(&[&header, &"x,".repeat(9_999)])).await;
    assert_eq!(
        errors(&report),
        vec![(1, "header".into(), "error-csv-too-many-columns")]
    );

    let wide = format!("{}{}", row("wide", "Wide Coop", "KR"), ",".repeat(10_000));
    let report = import(
        &store,
        &csv(&[HEADER, &row("narrow", "Narrow Coop", "KR"), &wide]),
    )
    .await;
    assert_eq!(
        errors(&report),
        vec![(3, String::new(), "error-csv-field-count")]
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 0);
}
backends!(
    import_rejects_too_many_columns,
    import_rejects_too_many_columns_body
);

async fn import_rejects_unknown_country_body(store: Store) {
    let bytes = csv(&[
        HEADER,
        &row("one", "One", "KR"),
        &row("two", "Two", "kr"),
        &row("three", "Three", "XX"),
        &row("four", "Four", "FR"),
        &row("five", "Five", ""),
        &row("six", "Six", "<script>"),
    ]);
    let report = import(&store, &bytes).await;
    assert_eq!(
        errors(&report),
        vec![
            (4, "country".into(), "error-country-invalid"),
            (6, "country".into(), "error-required"),
            (7, "country".into(), "error-country-invalid"),
        ]
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 0);
}
backends!(
    import_rejects_unknown_country,
    import_rejects_unknown_country_body
);

async fn import_rejects_bad_coordinates_body(store: Store) {
    let bytes = csv(&[
        HEADER,
        &row_at("ok", "Ok", "37.5", "127.0"),
        &row_at("north", "North", "91", "10"),
        &row_at("east", "East", "45", "181"),
        &row_at("word", "Word", "abc", "10"),
        &row_at("half", "Half", "45", ""),
        &row_at("nan", "Nan", "NaN", "inf"),
        &row_at("edge", "Edge", "-90", "-180"),
    ]);
    let report = import(&store, &bytes).await;
    // Each error names the value that is wrong: a longitude of 181 or a missing one is the
    // longitude's fault.
    let bad = |line, field: &str| (line, field.to_owned(), "error-coordinates-invalid");
    assert_eq!(
        errors(&report),
        vec![
            bad(3, "latitude"),
            bad(4, "longitude"),
            bad(5, "latitude"),
            bad(6, "longitude"),
            bad(7, "latitude")
        ]
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 0);
}
backends!(
    import_rejects_bad_coordinates,
    import_rejects_bad_coordinates_body
);

async fn import_rejects_duplicates_in_file_body(store: Store) {
    let bytes = csv(&[
        HEADER,
        &row("same", "First Same", "KR"),
        &row("same", "Second Same", "KR"),
        &row("other", "FIRST SAMÉ", "KR"),
    ]);
    let report = import(&store, &bytes).await;
    assert_eq!(
        errors(&report),
        vec![
            (3, "slug".into(), "error-slug-duplicate-in-file"),
            (4, "name".into(), "error-name-duplicate-in-file")
        ]
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 0);
}
backends!(
    import_rejects_duplicates_in_file,
    import_rejects_duplicates_in_file_body
);

async fn import_rejects_duplicate_of_existing_body(store: Store) {
    let mut existing = raw("Existing Coop", "KR", "Town");
    existing.slug = "existing-coop".into();
    create(&store, &existing).await;
    let bytes = csv(&[
        HEADER,
        &row("fresh-coop", "Fresh Coop", "KR"),
        &row("existing-coop", "Renamed", "KR"),
        &row("existing-2", "EXISTING COOP", "KR"),
    ]);
    let report = import(&store, &bytes).await;
    assert_eq!(
        errors(&report),
        vec![
            (3, "slug".into(), "error-slug-taken"),
            (4, "name".into(), "error-name-taken")
        ]
    );
    assert_eq!(members::count_all(&store.db).await.unwrap(), 1);
    assert!(
        members::by_slug(&store.db, "fresh-coop", Locale::En)
            .await
            .is_err()
    );
}
backends!(
    import_rejects_duplicate_of_existing,
    import_rejects_duplicate_of_existing_body
);

/// A file that was valid when checked but collides when written (someone added an
/// organisation in between) leaves no trace: the batches already written roll back.
async fn import_write_is_all_or_nothing_body(store: Store) {
    let mut lines = vec![HEADER.to_owned()];
    lines
        .extend((0..600).map(|i| row(&format!("bulk-{i:03}"), &format!("Bulk Coop {i:03}"), "KR")));
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (rows, report) = transfer::validate(&store.db, csv(&lines).as_slice())
        .await
        .unwrap();
    assert!(report.errors.is_empty());
    assert_eq!(rows.len(), 600);

    let mut late = raw("Late Arrival", "KR", "Elsewhere");
    late.slug = "bulk-550".into();
    create(&store, &late).await;
    let txn = store.db.begin().await.unwrap();
    let res = transfer::write(&txn, &rows, None, |_| {}).await;
    assert!(
        matches!(res, Err(StoreError::Conflict("error-slug-taken"))),
        "{res:?}"
    );
    txn.rollback().await.unwrap();
    assert_eq!(members::count_all(&store.db).await.unwrap(), 1);
    assert!(
        outbox::pending(&store.db, "organisation.imported")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        members::by_slug(&store.db, "bulk-000", Locale::En)
            .await
            .is_err()
    );
}
backends!(
    import_write_is_all_or_nothing,
    import_write_is_all_or_nothing_body
);

// =============================================================================================
// Outbox
// =============================================================================================

async fn outbox_row(store: &Store, id: Uuid) -> pumasi_store::entities::outbox::Model {
    pumasi_store::entities::outbox::Entity::find_by_id(id)
        .one(&store.db)
        .await
        .unwrap()
        .expect("outbox row")
}

/// Calls `failed` and checks that the next attempt is `seconds` later.
async fn fail_and_check(
    store: &Store,
    msg: &outbox::Message,
    error: &str,
    seconds: i64,
) -> pumasi_store::entities::outbox::Model {
    let before = chrono::Utc::now() - Duration::seconds(1);
    outbox::failed(&store.db, msg, error).await.unwrap();
    let after = chrono::Utc::now() + Duration::seconds(1);
    let row = outbox_row(store, msg.id).await;
    let next = row.next_attempt_at;
    assert!(
        next >= before + Duration::seconds(seconds) && next <= after + Duration::seconds(seconds),
        "attempt {}: {next}",
        msg.attempts + 1
    );
    row
}

async fn outbox_delivery_body(store: Store) {
    let lease = Duration::minutes(5);
    let id = outbox::push(&store.db, "test.topic", &serde_json::json!({ "n": 1 }))
        .await
        .unwrap();
    outbox::push(&store.db, "other.topic", &serde_json::json!({}))
        .await
        .unwrap();

    let claimed = outbox::claim(&store.db, "test.topic", 10, lease)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let msg = &claimed[0];
    assert_eq!(
        (msg.id, msg.topic.as_str(), msg.attempts, &msg.payload),
        (id, "test.topic", 0, &serde_json::json!({ "n": 1 }))
    );
    assert!(
        outbox::claim(&store.db, "test.topic", 10, lease)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    assert_eq!(
        outbox::pending(&store.db, "test.topic")
            .await
            .unwrap()
            .len(),
        1,
        "claimed is not delivered"
    );

    // Back-off doubles per attempt from 15 seconds, up to six hours.
    let row = fail_and_check(&store, msg, "smtp down", 15).await;
    assert_eq!(
        (row.attempts, row.last_error.as_deref()),
        (1, Some("smtp down"))
    );
    assert!(
        outbox::claim(&store.db, "test.topic", 10, lease)
            .await
            .unwrap()
            .is_empty(),
        "not due yet"
    );
    let msg = outbox::pending(&store.db, "test.topic")
        .await
        .unwrap()
        .remove(0);
    let row = fail_and_check(&store, &msg, &"é".repeat(5_000), 30).await;
    assert_eq!(
        (row.attempts, row.last_error.map(|e| e.chars().count())),
        (2, Some(2_000))
    );
    let many = outbox::Message {
        attempts: 30,
        ..msg
    };
    assert_eq!(
        fail_and_check(&store, &many, "again", 6 * 3600)
            .await
            .attempts,
        31
    );

    outbox::done(&store.db, id).await.unwrap();
    assert!(
        outbox::pending(&store.db, "test.topic")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(outbox_row(&store, id).await.done_at.is_some());
    assert_eq!(
        outbox::pending(&store.db, "other.topic")
            .await
            .unwrap()
            .len(),
        1,
        "other topics are untouched"
    );

    // A worker that crashed holds its claim only for the lease.
    let id2 = outbox::push(&store.db, "test.topic", &serde_json::json!({ "n": 2 }))
        .await
        .unwrap();
    assert_eq!(
        outbox::claim(&store.db, "test.topic", 10, Duration::zero())
            .await
            .unwrap()[0]
            .id,
        id2
    );
    assert_eq!(
        outbox::claim(&store.db, "test.topic", 10, lease)
            .await
            .unwrap()[0]
            .id,
        id2
    );
    assert!(
        outbox::claim(&store.db, "test.topic", 10, lease)
            .await
            .unwrap()
            .is_empty()
    );

    // Claims respect the limit and deliver oldest first.
    let ids: Vec<Uuid> = push_in_order(&store, "ordered", 5).await;
    let first = outbox::claim(&store.db, "ordered", 2, lease).await.unwrap();
    assert_eq!(first.iter().map(|m| m.id).collect::<Vec<_>>(), ids[..2]);
}
backends!(outbox_delivery, outbox_delivery_body);

async fn push_in_order(store: &Store, topic: &str, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            outbox::push(&store.db, topic, &serde_json::json!({ "i": i }))
                .await
                .unwrap(),
        );
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    ids
}

async fn outbox_concurrent_claims_body(store: Store) {
    let lease = Duration::minutes(5);
    let id = outbox::push(&store.db, "race.one", &serde_json::json!({}))
        .await
        .unwrap();
    let results = race(2, |_| {
        let store = store.clone();
        async move { outbox::claim(&store.db, "race.one", 10, lease).await }
    })
    .await;
    let got: Vec<Uuid> = results
        .into_iter()
        .flat_map(|r| r.expect("claim"))
        .map(|m| m.id)
        .collect();
    assert_eq!(got, vec![id], "two workers, one delivery");

    for i in 0..50 {
        outbox::push(&store.db, "race.many", &serde_json::json!({ "i": i }))
            .await
            .unwrap();
    }
    let results = race(4, |_| {
        let store = store.clone();
        async move { outbox::claim(&store.db, "race.many", 50, lease).await }
    })
    .await;
    let got: Vec<Uuid> = results
        .into_iter()
        .flat_map(|r| r.expect("claim"))
        .map(|m| m.id)
        .collect();
    let unique: HashSet<&Uuid> = got.iter().collect();
    assert_eq!(
        (got.len(), unique.len()),
        (50, 50),
        "every message claimed exactly once"
    );
}
backends!(outbox_concurrent_claims, outbox_concurrent_claims_body);

// =============================================================================================
// Settings
// =============================================================================================

/// A hub nobody has configured reads exactly the documented defaults.
async fn settings_defaults_body(store: Store) {
    assert_eq!(
        settings::identity(&store.db).await.unwrap(),
        settings::Identity::default()
    );
}
backends!(settings_defaults, settings_defaults_body);

async fn settings_identity_body(store: Store) {
    let gsef = settings::Identity {
        name: "Global Social Economy Forum".into(),
        short_name: "GSEF".into(),
        colour: "#123abc".into(),
        languages: vec![Locale::Ko, Locale::En],
        default_language: Locale::Ko,
        time_zone: "Asia/Seoul".into(),
        logo: None,
        translations: Vec::new(),
    };
    settings::set_identity(&store.db, &gsef).await.unwrap();
    assert_eq!(settings::identity(&store.db).await.unwrap(), gsef);

    // Malformed values never reach a page: each falls back on its own.
    let broken = settings::Identity {
        name: String::new(),
        colour: "red;}body{display:none".into(),
        default_language: Locale::Fr,
        ..gsef.clone()
    };
    settings::set_identity(&store.db, &broken).await.unwrap();
    let read = settings::identity(&store.db).await.unwrap();
    assert_eq!(
        (
            read.name.as_str(),
            read.colour.as_str(),
            read.default_language
        ),
        ("Pumasi", "#0b5d4b", Locale::Ko)
    );
    assert_eq!(
        (read.short_name.as_str(), read.languages.clone()),
        ("GSEF", vec![Locale::Ko, Locale::En])
    );
}
backends!(settings_identity, settings_identity_body);

/// Changing a base text marks the translations left unchanged for review; rewriting a
/// translation clears the mark.
async fn translation_needs_review_body(store: Store) {
    let id = create(&store, &montreal()).await;
    let o = members::by_id(&store.db, id, Locale::Ko).await.unwrap();
    assert!(!o.name.needs_review);
    let mut raw = montreal();
    raw.name = format!("{} (renamed)", raw.name);
    let input = validated(&store, &raw).await.unwrap();
    members::update_profile(&store.db, id, o.version, &input, None)
        .await
        .unwrap();
    let o = members::by_id(&store.db, id, Locale::Ko).await.unwrap();
    assert!(
        o.name.needs_review,
        "the untouched Korean name needs review"
    );
    let mut raw2 = raw.clone();
    for t in &mut raw2.translations {
        if t.0 == "name" && t.1 == "ko" {
            t.2 = format!("{} (새 이름)", t.2);
        }
    }
    let input = validated(&store, &raw2).await.unwrap();
    members::update_profile(&store.db, id, o.version, &input, None)
        .await
        .unwrap();
    let o = members::by_id(&store.db, id, Locale::Ko).await.unwrap();
    assert!(
        !o.name.needs_review,
        "a rewritten translation is current again"
    );
}
backends!(translation_needs_review, translation_needs_review_body);
