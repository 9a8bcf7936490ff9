//! Delivery of the outbox's `email` and `invitation` messages. Emails are rendered from Fluent
//! messages in the recipient's language and sent through SMTP (lettre, rustls) when configured,
//! otherwise written as `.eml` files to the mail directory (development). Failures are retried
//! with back-off by the outbox.

use crate::AppState;
use crate::auth::{hash_password, hash_token, random_token};
use crate::i18n::I18n;
use fluent_templates::fluent_bundle::FluentValue;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use pumasi_domain::locale::Locale;
use pumasi_domain::members::OrgRole;
use pumasi_domain::policy::SiteRole;
use pumasi_domain::types::Email;
use pumasi_store::accounts;
use pumasi_store::outbox;
use pumasi_store::sea_orm::EntityTrait;
use std::time::Duration;
use uuid::Uuid;

/// Runs the delivery loop forever (spawned by `pumasi serve`).
pub async fn run(state: AppState) {
    let mut rounds: u64 = 0;
    loop {
        rounds += 1;
        // About once an hour: old delivered messages and notifications go.
        if rounds.is_multiple_of(1800)
            && let Err(e) = outbox::purge(&state.store.db, chrono::Duration::days(30)).await
        {
            tracing::warn!(error = %e, "outbox purge");
        }
        match process_once(&state).await {
            Ok(0) => tokio::time::sleep(Duration::from_secs(2)).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "outbox delivery");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

/// Delivers what is due once; returns how many messages were handled.
///
/// # Errors
/// Database errors while claiming.
pub async fn process_once(state: &AppState) -> Result<usize, pumasi_store::StoreError> {
    let db = &state.store.db;
    let mut n = 0;
    for m in outbox::claim(db, "invitation", 20, chrono::Duration::minutes(5)).await? {
        n += 1;
        match invite(state, &m.payload).await {
            Ok(()) => outbox::done(db, m.id).await?,
            Err(e) => outbox::failed(db, &m, &e).await?,
        }
    }
    for m in outbox::claim(db, "email", 50, chrono::Duration::minutes(5)).await? {
        n += 1;
        match send(state, &m.payload).await {
            Ok(()) => outbox::done(db, m.id).await?,
            Err(e) => outbox::failed(db, &m, &e).await?,
        }
    }
    for topic in [
        "registration.created",
        "registration.promoted",
        "registration.cancelled",
    ] {
        for m in outbox::claim(db, topic, 50, chrono::Duration::minutes(5)).await? {
            n += 1;
            match registration_email(state, topic, &m.payload).await {
                Ok(()) => outbox::done(db, m.id).await?,
                Err(e) => outbox::failed(db, &m, &e).await?,
            }
        }
    }
    for m in outbox::claim(db, "session.cancelled", 50, chrono::Duration::minutes(5)).await? {
        n += 1;
        match session_cancelled_emails(state, &m.payload).await {
            Ok(()) => outbox::done(db, m.id).await?,
            Err(e) => outbox::failed(db, &m, &e).await?,
        }
    }
    for m in outbox::claim(db, "proposal.decided", 50, chrono::Duration::minutes(5)).await? {
        n += 1;
        match proposal_email(state, &m.payload).await {
            Ok(()) => outbox::done(db, m.id).await?,
            Err(e) => outbox::failed(db, &m, &e).await?,
        }
    }
    // Motions whose closing time has passed are counted.
    n += crate::governance::close_due(state).await?;
    // Any node's change to public content clears this node's page cache; a change of the
    // network's identity is read again. The cursor follows the order the database assigns, so
    // nodes whose clocks differ still see every change.
    let seen = {
        let mut cursor = state.content_cursor.lock().await;
        outbox::read_new(
            db,
            &mut cursor,
            &[
                "organisation.",
                "event.",
                "library.",
                "governance.",
                pumasi_store::settings::CHANGED,
            ],
        )
        .await?
    };
    if seen
        .iter()
        .any(|m| m.topic == pumasi_store::settings::CHANGED)
    {
        state.reload_identity().await;
    }
    // Changes made by other nodes (or by this one outside a request) reach the search index.
    state.search_sync().await;
    if !seen.is_empty() {
        state.content_changed();
    }
    Ok(n)
}

/// The approved applicant's contact becomes the organisation's admin: an account is created
/// (or found), the role given, and a link to choose a password is emailed.
async fn invite(state: &AppState, p: &serde_json::Value) -> Result<(), String> {
    let email = Email::parse(p["email"].as_str().unwrap_or("")).map_err(str::to_owned)?;
    let org: Uuid = p["organisation"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or("organisation")?;
    let locale = p["locale"]
        .as_str()
        .and_then(Locale::parse)
        .unwrap_or(Locale::En);
    let name = p["name"].as_str().unwrap_or("");
    let txn = state.store.begin_write().await.map_err(|e| e.to_string())?;
    let mut existed = true;
    let acc = match accounts::by_email(&txn, &email)
        .await
        .map_err(|e| e.to_string())?
    {
        Some(a) => a,
        None => {
            existed = false;
            // Nobody knows this password: the account is usable only through the emailed link.
            let hash = hash_password(&random_token()).map_err(|e| format!("{e:?}"))?;
            let id = accounts::create(&txn, &email, name, &hash, SiteRole::Person, locale, None)
                .await
                .map_err(|e| e.to_string())?;
            accounts::by_id(&txn, id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("account")?
        }
    };
    let role = p["role"]
        .as_str()
        .and_then(OrgRole::parse)
        .unwrap_or(OrgRole::Admin);
    pumasi_store::members::set_affiliation(&txn, acc.id, org, role, None)
        .await
        .map_err(|e| e.to_string())?;
    if existed {
        // They already have a password: tell them, do not reset it.
        let o = pumasi_store::members::by_id(&txn, org, locale)
            .await
            .map_err(|e| e.to_string())?;
        outbox::push(
            &txn,
            "email",
            &serde_json::json!({ "template": "added", "to": email.as_str(), "locale": locale, "organisation": o.name.text,
                "link": format!("{}/{}/account", state.config.base_url, locale.code()) }),
        )
        .await
        .map_err(|e| e.to_string())?;
        return txn.commit().await.map_err(|e| e.to_string());
    }
    let token = random_token();
    let link = format!(
        "{}/{}/password/reset/{token}",
        state.config.base_url,
        locale.code()
    );
    // create_reset queues a password-reset email; the invitation text replaces it below.
    let t = pumasi_store::now();
    pumasi_store::entities::password_reset::Entity::insert(
        pumasi_store::entities::password_reset::ActiveModel {
            token_hash: pumasi_store::sea_orm::ActiveValue::Set(hash_token(&token)),
            account_id: pumasi_store::sea_orm::ActiveValue::Set(acc.id),
            created_at: pumasi_store::sea_orm::ActiveValue::Set(t),
            expires_at: pumasi_store::sea_orm::ActiveValue::Set(t + chrono::Duration::days(7)),
            used_at: pumasi_store::sea_orm::ActiveValue::Set(None),
        },
    )
    .exec_without_returning(&txn)
    .await
    .map_err(|e| e.to_string())?;
    outbox::push(&txn, "email", &serde_json::json!({ "template": "invitation", "to": email.as_str(), "locale": locale, "link": link }))
        .await
        .map_err(|e| e.to_string())?;
    txn.commit().await.map_err(|e| e.to_string())
}

/// Turns a registration's change into the participant's email, with their private link.
async fn registration_email(
    state: &AppState,
    topic: &str,
    p: &serde_json::Value,
) -> Result<(), String> {
    use pumasi_domain::events::RegistrationState;
    use pumasi_store::events::{self, registration};
    let id: Uuid = p["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or("registration id")?;
    let db = &state.store.db;
    let r = registration::by_id(db, id)
        .await
        .map_err(|e| e.to_string())?;
    let e = events::by_id(db, r.event_id, r.locale)
        .await
        .map_err(|e| e.to_string())?;
    let template = match topic {
        "registration.promoted" => "registration-promoted",
        "registration.cancelled" => "registration-cancelled",
        _ if p["state"].as_str() == Some(RegistrationState::Waitlisted.code()) => {
            "registration-waitlisted"
        }
        _ => "registration-confirmed",
    };
    let link = format!(
        "{}/{}/registrations/{}",
        state.config.base_url,
        r.locale.code(),
        crate::events::link_token(state, r.id)
    );
    // A seat that costs money: the email says how much and how to pay, in the event's words.
    let (payment, amount) = if r.payment == pumasi_domain::events::Payment::Due
        && matches!(template, "registration-confirmed" | "registration-promoted")
    {
        (
            e.payment_instructions.text.clone(),
            pumasi_domain::members::format_money_in(r.amount_minor, &r.currency, r.locale),
        )
    } else {
        (String::new(), String::new())
    };
    // An online event's join link goes to those who hold a seat, and nobody else.
    let join = if matches!(template, "registration-confirmed" | "registration-promoted")
        && r.state == RegistrationState::Confirmed
    {
        e.online_url.clone().unwrap_or_default()
    } else {
        String::new()
    };
    outbox::push(
        db,
        "email",
        &serde_json::json!({ "template": template, "to": r.email, "locale": r.locale,
            "link": link, "event": e.title.text, "payment": payment, "amount": amount,
            "join": join }),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Tells everyone who had a cancelled session in their programme, in their language, with the
/// link to their registration. All the emails are queued in one transaction.
async fn session_cancelled_emails(state: &AppState, p: &serde_json::Value) -> Result<(), String> {
    use pumasi_store::events::{self, programme, registration};
    let id: Uuid = p["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or("session id")?;
    let db = &state.store.db;
    let err = |e: pumasi_store::StoreError| e.to_string();
    let people = registration::booked_in(db, id).await.map_err(err)?;
    let mut emails = Vec::with_capacity(people.len());
    // Session and event titles per language.
    let mut titles: std::collections::HashMap<Locale, (String, String)> = Default::default();
    for r in people {
        let (session, event) = match titles.entry(r.locale) {
            std::collections::hash_map::Entry::Occupied(t) => t.into_mut(),
            std::collections::hash_map::Entry::Vacant(t) => {
                let s = programme::session(db, id, r.locale).await.map_err(err)?;
                if s.cancelled_at.map(|t| t.timestamp_micros()) != p["at"].as_i64() {
                    // Put back (or cancelled again later) before the emails went out: this
                    // cancellation has nothing more to tell.
                    return Ok(());
                }
                let e = events::by_id(db, r.event_id, r.locale).await.map_err(err)?;
                t.insert((s.title.text, e.title.text))
            }
        };
        let link = format!(
            "{}/{}/registrations/{}",
            state.config.base_url,
            r.locale.code(),
            crate::events::link_token(state, r.id)
        );
        emails.push(
            serde_json::json!({ "template": "session-cancelled", "to": r.email,
            "locale": r.locale, "link": link, "event": event, "question": session }),
        );
    }
    let txn = state.store.begin_write().await.map_err(err)?;
    outbox::push_many(&txn, "email", &emails)
        .await
        .map_err(err)?;
    txn.commit().await.map_err(|e| e.to_string())
}

/// Tells the person who submitted a proposal what the organisers decided.
async fn proposal_email(state: &AppState, p: &serde_json::Value) -> Result<(), String> {
    use pumasi_store::events::{self, proposals};
    let id: Uuid = p["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or("proposal id")?;
    let db = &state.store.db;
    let prop = proposals::by_id(db, id).await.map_err(|e| e.to_string())?;
    let Some(account) = prop.account_id else {
        return Ok(());
    };
    let Some(acc) = accounts::by_id(db, account)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(());
    };
    let locale = Locale::parse(&acc.locale).unwrap_or(Locale::En);
    let e = events::by_id(db, prop.event_id, locale)
        .await
        .map_err(|e| e.to_string())?;
    let (template, link) = match prop.session_id {
        Some(sid) => (
            "proposal-accepted",
            format!(
                "{}/{}/events/{}/sessions/{sid}",
                state.config.base_url,
                locale.code(),
                e.slug
            ),
        ),
        None => (
            "proposal-rejected",
            format!(
                "{}/{}/events/{}",
                state.config.base_url,
                locale.code(),
                e.slug
            ),
        ),
    };
    outbox::push(
        db,
        "email",
        &serde_json::json!({ "template": template, "to": acc.email, "locale": locale,
            "link": link, "event": e.title.text, "question": prop.title, "reference": prop.decision_note }),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Renders subject and body of an email from `email-<template>-subject` / `-body`.
#[must_use]
pub fn render(
    template: &str,
    locale: Locale,
    p: &serde_json::Value,
    network: &str,
) -> (String, String) {
    let i = I18n::new(locale);
    let s = |k: &str| FluentValue::from(p[k].as_str().unwrap_or("").to_owned());
    let args = [
        ("link", s("link")),
        ("organisation", s("organisation")),
        ("question", s("question")),
        ("reference", s("reference")),
        ("event", s("event")),
        ("network", FluentValue::from(network.to_owned())),
    ];
    let mut body = i.ta(&format!("email-{template}-body"), &args);
    if let Some(amount) = p["amount"].as_str().filter(|a| !a.is_empty()) {
        // How to pay goes before the closing line (the network's name).
        let how = p["payment"].as_str().unwrap_or("").trim();
        let how = if how.is_empty() {
            i.t("payment-instructions-none")
        } else {
            how.to_owned()
        };
        let block = format!(
            "{}\n\n{how}",
            i.ta(
                "email-payment-due",
                &[("amount", FluentValue::from(amount.to_owned()))]
            )
        );
        match body.rfind("\n\n") {
            Some(k) => body.insert_str(k, &format!("\n\n{block}")),
            None => {
                body.push_str("\n\n");
                body.push_str(&block);
            }
        }
    }
    if let Some(join) = p["join"].as_str().filter(|j| !j.is_empty()) {
        let line = i.ts("email-join-online", join);
        match body.rfind("\n\n") {
            Some(k) => body.insert_str(k, &format!("\n\n{line}")),
            None => {
                body.push_str("\n\n");
                body.push_str(&line);
            }
        }
    }
    (i.ta(&format!("email-{template}-subject"), &args), body)
}

async fn send(state: &AppState, p: &serde_json::Value) -> Result<(), String> {
    let to = Email::parse(p["to"].as_str().unwrap_or("")).map_err(str::to_owned)?;
    let locale = p["locale"]
        .as_str()
        .and_then(Locale::parse)
        .unwrap_or(Locale::En);
    let template = p["template"].as_str().unwrap_or("");
    let network = state.identity.read().await.name.clone();
    let (subject, body) = render(template, locale, p, &network);
    let from: Mailbox = state
        .config
        .mail_from
        .parse()
        .map_err(|e: lettre::address::AddressError| e.to_string())?;
    let msg = Message::builder()
        .from(from)
        .to(to
            .as_str()
            .parse()
            .map_err(|e: lettre::address::AddressError| e.to_string())?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())?;
    match &state.config.smtp_url {
        Some(url) => {
            let t = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| e.to_string())?
                .build();
            t.send(msg).await.map_err(|e| e.to_string())?;
        }
        None => {
            tokio::fs::create_dir_all(&state.config.mail_dir)
                .await
                .map_err(|e| e.to_string())?;
            AsyncFileTransport::<Tokio1Executor>::new(&state.config.mail_dir)
                .send(msg)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
