//! Bulk transfer of organisations: CSV import (Pumasi's own column set, or the Co-ops UK open
//! data columns) and export as CSV, JSON and ESSGLOBAL JSON-LD.
//!
//! Import is all-or-nothing: every row is validated first with the same rules as the form, and
//! a report names each bad line and field; only a file without errors is written, in one
//! transaction, in batches. Export of our CSV and import of it round-trip to identical bytes.

use super::{Organisation, Vocabulary, vocabulary};
use crate::entities::{member_event, organisation as org, organisation_text};
use crate::{Result, StoreError, audit, now, outbox};
use pumasi_domain::locale::Locale;
use pumasi_domain::organisation::{OrganisationInput, RawOrganisation, Vocabulary as Vocab, fold};
use pumasi_domain::types::Slug;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QuerySelect};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use uuid::Uuid;

/// Pumasi's CSV columns, in export order. Only `name`, `category`, `class` and `country` are
/// required on import; the others may be left out.
pub const COLUMNS: &[&str] = &[
    "slug",
    "name",
    "lang",
    "name_ko",
    "name_en",
    "name_fr",
    "name_es",
    "description",
    "description_ko",
    "description_en",
    "description_fr",
    "description_es",
    "category",
    "class",
    "status",
    "college",
    "country",
    "city",
    "latitude",
    "longitude",
    "website",
    "languages",
    "joined_on",
    "first_fee_paid_on",
    "essglobal_activity",
    "essglobal_legal_form",
    "fictional",
    "leader_name",
    "leader_title",
    "leader_email",
    "focal_name",
    "focal_email",
    "focal_phone",
];

const REQUIRED: &[&str] = &["name", "category", "class", "country"];

/// The Co-ops UK open data header (2023 "standard" file).
pub const COOPS_UK_COLUMNS: &[&str] = &[
    "Identifier",
    "Name",
    "Description",
    "Organisational Structure",
    "Primary Activity",
    "Activities",
    "Street Address",
    "Locality",
    "Region",
    "Postcode",
    "Country ID",
    "Territory ID",
    "Website",
    "Phone",
    "Email",
    "Twitter",
    "Facebook",
    "Companies House Number",
    "Qualifiers",
    "Membership Type",
    "Latitude",
    "Longitude",
    "Geo Container",
    "Geo Container Latitude",
    "Geo Container Longitude",
    "Sector",
    "SIC Section",
    "SIC Code",
    "Ownership Classification",
    "Legal Form",
];

/// More columns than this is not a member list.
pub const MAX_COLUMNS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    Pumasi,
    CoopsUk,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowError {
    /// 1-based line in the file where the record starts (the header is line 1).
    pub line: u64,
    pub field: String,
    pub code: &'static str,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportReport {
    pub format: Option<Format>,
    pub rows: u64,
    pub created: u64,
    /// `(line, line of the first occurrence)`: rows of the same organisation listed twice in the
    /// source (same name and postcode), imported once.
    pub merged_duplicates: Vec<(u64, u64)>,
    pub errors: Vec<RowError>,
}

impl ImportReport {
    fn fail(mut self, line: u64, field: &str, code: &'static str) -> Self {
        self.errors.push(RowError {
            line,
            field: field.to_owned(),
            code,
        });
        self
    }
}

fn detect(header: &csv::StringRecord) -> Option<Format> {
    let cols: Vec<&str> = header.iter().map(str::trim).collect();
    if cols == COOPS_UK_COLUMNS {
        return Some(Format::CoopsUk);
    }
    let known: HashSet<&str> = COLUMNS.iter().copied().collect();
    let mut seen = HashSet::new();
    let ok = cols.iter().all(|c| known.contains(c) && seen.insert(*c))
        && REQUIRED.iter().all(|r| seen.contains(r));
    ok.then_some(Format::Pumasi)
}

fn pumasi_row(header: &[String], rec: &csv::StringRecord) -> RawOrganisation {
    let mut raw = RawOrganisation::default();
    for (col, val) in header.iter().zip(rec.iter()) {
        // `detect` accepted only known columns, so every name is a field. A cell our export
        // protected from spreadsheets (`'=…`) is read as its text.
        raw.set_field(col, pumasi_domain::csv_cell::restore(val).to_owned());
    }
    raw
}

/// The Co-ops UK mapping (documented in docs/IMPORT.md): every row becomes an allied member in
/// the co-operative category; the slug is the name plus the Co-ops UK identifier, which is
/// unique; coordinates come from the postcode centroid when the row has none of its own.
fn coops_uk_row(rec: &csv::StringRecord) -> (RawOrganisation, String) {
    let get = |i: usize| rec.get(i).unwrap_or("").trim().to_owned();
    let (id, name, desc, activity, locality, postcode, country, website) = (
        get(0),
        get(1),
        get(2),
        get(4),
        get(7),
        get(9),
        get(10),
        get(12),
    );
    let (lat, lon) = if get(20).is_empty() {
        (get(23), get(24))
    } else {
        (get(20), get(21))
    };
    let slug = Slug::from_name(&format!("{name} {id}")).as_str().to_owned();
    let website = if website.is_empty() || website.contains("://") {
        website
    } else {
        format!("http://{website}")
    };
    let legal_form = match get(29) {
        f if f.trim().is_empty() => String::new(),
        f => Slug::from_name(&f).as_str().to_owned(),
    };
    let raw = RawOrganisation {
        slug,
        name: name.clone(),
        lang: "en".to_owned(),
        category: "coop_social_enterprise".to_owned(),
        class: "allied".to_owned(),
        status: "member".to_owned(),
        country,
        city: locality,
        latitude: lat,
        longitude: lon,
        website,
        languages: "en".to_owned(),
        description: desc,
        essglobal_activity: activity,
        essglobal_legal_form: legal_form,
        ..RawOrganisation::default()
    };
    (
        raw,
        format!(
            "{}|{}",
            fold(&name),
            postcode.to_ascii_uppercase().replace(' ', "")
        ),
    )
}

/// Parses and validates a whole file. Returns the valid rows with their lines, or a report full
/// of errors; nothing is written.
///
/// # Errors
/// Database errors while reading reference data.
pub async fn validate(
    c: &impl ConnectionTrait,
    mut input: impl Read,
) -> Result<(Vec<(u64, OrganisationInput)>, ImportReport)> {
    let vocab: Vocabulary = vocabulary(c).await?;
    // Line numbers come from byte offsets: the csv crate's own line count is off by one per
    // record in CRLF files (BurntSushi/rust-csv#395).
    let mut bytes = Vec::new();
    if input.read_to_end(&mut bytes).is_err() {
        return Ok((
            vec![],
            ImportReport::default().fail(1, "file", "error-csv-malformed"),
        ));
    }
    let newlines: Vec<u64> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i as u64)
        .collect();
    let line_of = |p: &csv::Position| {
        // In CRLF files a record's recorded start is the `\n` ending the previous line.
        let b = usize::try_from(p.byte()).unwrap_or(usize::MAX);
        let start = if bytes.get(b) == Some(&b'\n') {
            b + 1
        } else {
            b
        } as u64;
        newlines.partition_point(|n| *n < start) as u64 + 1
    };
    let input = bytes.as_slice();
    let (cats, cols) = vocab.codes();
    let rules = Vocab {
        categories: &cats,
        colleges: &cols,
    };
    let mut report = ImportReport::default();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            let code = if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                "error-csv-utf8"
            } else {
                "error-csv-malformed"
            };
            return Ok((vec![], report.fail(1, "header", code)));
        }
    };
    if header.len() > MAX_COLUMNS {
        return Ok((
            vec![],
            report.fail(1, "header", "error-csv-too-many-columns"),
        ));
    }
    let Some(format) = detect(&header) else {
        return Ok((vec![], report.fail(1, "header", "error-csv-header")));
    };
    report.format = Some(format);
    let header_cols: Vec<String> = header.iter().map(|s| s.trim().to_owned()).collect();
    let mut rows = Vec::new();
    let mut slugs: HashMap<String, u64> = HashMap::new();
    let mut names: HashMap<String, u64> = HashMap::new();
    let mut same_org: HashMap<String, u64> = HashMap::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let line = line_of(rdr.position());
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let code = if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    "error-csv-utf8"
                } else {
                    "error-csv-malformed"
                };
                let line = e.position().map_or(line, line_of);
                report.errors.push(RowError {
                    line,
                    field: String::new(),
                    code,
                });
                if report.errors.len() > 1000 {
                    break;
                }
                continue;
            }
        }
        let line = rec.position().map_or(line, line_of);
        report.rows += 1;
        if rec.len() != header.len() {
            report.errors.push(RowError {
                line,
                field: String::new(),
                code: "error-csv-field-count",
            });
            continue;
        }
        let raw = match format {
            Format::Pumasi => pumasi_row(&header_cols, &rec),
            Format::CoopsUk => {
                let (raw, key) = coops_uk_row(&rec);
                if let Some(first) = same_org.get(&key) {
                    report.merged_duplicates.push((line, *first));
                    continue;
                }
                same_org.insert(key, line);
                raw
            }
        };
        match raw.validate(&rules) {
            Ok(mut o) => {
                if o.slug_generated {
                    // An address made from the name: the next free one in the file.
                    let base = o.slug.clone();
                    let mut n = 1;
                    while slugs.contains_key(o.slug.as_str()) {
                        n += 1;
                        o.slug = base.with_suffix(n);
                    }
                }
                if let Some(first) = slugs.insert(o.slug.as_str().to_owned(), line) {
                    let _ = first;
                    report.errors.push(RowError {
                        line,
                        field: "slug".into(),
                        code: "error-slug-duplicate-in-file",
                    });
                }
                let key = super::name_key(&o.name, o.country.alpha2, &o.city);
                if names.insert(key, line).is_some() {
                    report.errors.push(RowError {
                        line,
                        field: "name".into(),
                        code: "error-name-duplicate-in-file",
                    });
                }
                rows.push((line, o));
            }
            Err(errs) => report.errors.extend(errs.into_iter().map(|e| RowError {
                line,
                field: e.field,
                code: e.code,
            })),
        }
        if report.errors.len() > 1000 {
            break;
        }
    }
    if report.errors.is_empty() {
        // Conflicts with organisations already stored.
        let existing: Vec<(String, String, String, String)> = org::Entity::find()
            .select_only()
            .column(org::Column::Slug)
            .column(org::Column::Name)
            .column(org::Column::Country)
            .column(org::Column::City)
            .into_tuple()
            .all(c)
            .await?;
        let ex_slugs: HashSet<&str> = existing.iter().map(|e| e.0.as_str()).collect();
        // Generated addresses step past the stored ones (and the file's own).
        let in_file: HashSet<String> = rows
            .iter()
            .map(|(_, o)| o.slug.as_str().to_owned())
            .collect();
        for (_, o) in &mut rows {
            if o.slug_generated && ex_slugs.contains(o.slug.as_str()) {
                let base = o.slug.clone();
                let mut n = 1;
                while ex_slugs.contains(o.slug.as_str())
                    || (n > 1 && in_file.contains(o.slug.as_str()))
                {
                    n += 1;
                    o.slug = base.with_suffix(n);
                }
            }
        }
        let ex_names: HashSet<String> = existing
            .iter()
            .map(|e| super::name_key(&e.1, &e.2, &e.3))
            .collect();
        for (line, o) in &rows {
            if report.errors.len() >= 1000 {
                break;
            }
            if ex_slugs.contains(o.slug.as_str()) {
                report.errors.push(RowError {
                    line: *line,
                    field: "slug".into(),
                    code: "error-slug-taken",
                });
            }
            if ex_names.contains(&super::name_key(&o.name, o.country.alpha2, &o.city)) {
                report.errors.push(RowError {
                    line: *line,
                    field: "name".into(),
                    code: "error-name-taken",
                });
            }
        }
    }
    Ok((rows, report))
}

/// Writes validated rows (call inside a transaction). `progress` is told how many rows are done.
///
/// # Errors
/// Database errors; the caller's transaction then rolls everything back.
pub async fn write(
    c: &impl ConnectionTrait,
    rows: &[(u64, OrganisationInput)],
    actor: Option<Uuid>,
    mut progress: impl FnMut(u64),
) -> Result<u64> {
    let t = now();
    let mut done = 0u64;
    // 33 columns per row; 250 rows stay far below SQLite's and PostgreSQL's parameter limits.
    for chunk in rows.chunks(250) {
        let mut orgs = Vec::with_capacity(chunk.len());
        let mut texts = Vec::new();
        let mut events = Vec::with_capacity(chunk.len());
        for (_, o) in chunk {
            let id = Uuid::now_v7();
            let mut am = super::active_model(o);
            am.id = Set(id);
            am.version = Set(1);
            am.created_at = Set(t);
            am.updated_at = Set(t);
            orgs.push(am);
            for (f, l, text) in &o.translations {
                texts.push(organisation_text::ActiveModel {
                    organisation_id: Set(id),
                    field: Set((*f).to_owned()),
                    locale: Set(l.code().to_owned()),
                    body: Set(text.clone()),
                    status: Set("translated".to_owned()),
                    updated_at: Set(t),
                });
            }
            events.push(member_event::ActiveModel {
                id: Set(Uuid::now_v7()),
                organisation_id: Set(id),
                at: Set(t),
                actor_id: Set(actor),
                kind: Set("created".to_owned()),
                from_status: Set(String::new()),
                to_status: Set(o.status.code().to_owned()),
                note: Set("@import".to_owned()),
                reference: Set(String::new()),
            });
        }
        org::Entity::insert_many(orgs)
            .exec_without_returning(c)
            .await
            .map_err(|e| StoreError::unique_as(e, "error-slug-taken"))?;
        for tchunk in texts.chunks(1000) {
            organisation_text::Entity::insert_many(tchunk.to_vec())
                .exec_without_returning(c)
                .await?;
        }
        member_event::Entity::insert_many(events)
            .exec_without_returning(c)
            .await?;
        done += chunk.len() as u64;
        progress(done);
    }
    audit::record(
        c,
        actor,
        "organisation.import",
        "organisation",
        "*",
        None,
        Some(&serde_json::json!({ "rows": done })),
    )
    .await?;
    outbox::push(
        c,
        "organisation.imported",
        &serde_json::json!({ "rows": done }),
    )
    .await?;
    Ok(done)
}

fn csv_record(o: &Organisation, include_private: bool) -> Vec<String> {
    let tr = |field: &str, l: Locale| {
        o.translations
            .iter()
            .find(|(f, loc, _, _)| f == field && *loc == l)
            .map(|t| t.2.clone())
            .unwrap_or_default()
    };
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let date = |d: Option<chrono::NaiveDate>| d.map(|x| x.to_string()).unwrap_or_default();
    let p = |s: &str| {
        if include_private {
            s.to_owned()
        } else {
            String::new()
        }
    };
    vec![
        o.slug.clone(),
        o.base_name.clone(),
        o.base_lang.code().to_owned(),
        tr("name", Locale::Ko),
        tr("name", Locale::En),
        tr("name", Locale::Fr),
        tr("name", Locale::Es),
        o.base_description.clone(),
        tr("description", Locale::Ko),
        tr("description", Locale::En),
        tr("description", Locale::Fr),
        tr("description", Locale::Es),
        o.category.clone(),
        o.class.code().to_owned(),
        o.status.code().to_owned(),
        o.college.map(|c| c.to_string()).unwrap_or_default(),
        o.country.clone(),
        o.city.clone(),
        opt(o.latitude),
        opt(o.longitude),
        o.website.clone(),
        o.languages.join(";"),
        date(o.joined_on),
        date(o.first_fee_paid_on),
        o.essglobal_activity.clone(),
        o.essglobal_legal_form.clone(),
        o.fictional.to_string(),
        p(&o.private.leader_name),
        p(&o.private.leader_title),
        p(&o.private.leader_email),
        p(&o.private.focal_name),
        p(&o.private.focal_email),
        p(&o.private.focal_phone),
    ]
}

/// Every organisation, by slug, read in the base language so the base text is exported.
///
/// # Errors
/// Database errors.
pub async fn all(c: &impl ConnectionTrait) -> Result<Vec<Organisation>> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = super::list_after(
            c,
            &super::Filter::default(),
            after.as_deref(),
            Locale::En,
            1000,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.slug.clone());
        out.extend(page);
    }
    Ok(out)
}

/// # Errors
/// I/O errors from the writer.
pub fn write_csv(
    orgs: &[Organisation],
    include_private: bool,
    w: impl std::io::Write,
) -> std::io::Result<()> {
    let mut wtr = csv::Writer::from_writer(w);
    wtr.write_record(COLUMNS)?;
    for o in orgs {
        // Names and descriptions come from anyone who applies or uses the API: a spreadsheet
        // must not run them.
        wtr.write_record(
            csv_record(o, include_private)
                .iter()
                .map(|c| pumasi_domain::csv_cell::neutralise(c)),
        )?;
    }
    wtr.flush()
}

/// Plain JSON: an array of objects keyed by the CSV column names.
#[must_use]
pub fn to_json(orgs: &[Organisation], include_private: bool) -> serde_json::Value {
    serde_json::Value::Array(
        orgs.iter()
            .map(|o| {
                let rec = csv_record(o, include_private);
                serde_json::Value::Object(
                    COLUMNS
                        .iter()
                        .zip(rec)
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v)))
                        .collect(),
                )
            })
            .collect(),
    )
}

/// ESSGLOBAL JSON-LD: each organisation as an `essglobal:SSEInitiative` with schema.org
/// address and geo, and the ESSGLOBAL activity and legal-form URIs where known.
#[must_use]
pub fn to_essglobal(orgs: &[Organisation], base_url: &str) -> serde_json::Value {
    let graph: Vec<serde_json::Value> = orgs
        .iter()
        .map(|o| {
            let mut v = serde_json::json!({
                "@id": format!("{base_url}/en/members/{}", o.slug),
                "@type": "essglobal:SSEInitiative",
                "gr:name": o.base_name,
                "dc:description": o.base_description,
                "vcard:hasAddress": { "@type": "vcard:Address", "vcard:locality": o.city, "vcard:country-name": o.country },
                "essglobal:stakeholderCategory": o.category,
                "essglobal:membershipClass": o.class.code(),
            });
            if let (Some(lat), Some(lon)) = (o.latitude, o.longitude) {
                v["geo:lat"] = lat.into();
                v["geo:long"] = lon.into();
            }
            if !o.website.is_empty() {
                v["foaf:homepage"] = serde_json::json!({ "@id": o.website });
            }
            if !o.essglobal_activity.is_empty() {
                v["essglobal:economicSector"] = serde_json::json!({
                    "@id": format!("https://dev.lod.coop/essglobal/2.1/standard/activities-ica/{}", o.essglobal_activity)
                });
            }
            if !o.essglobal_legal_form.is_empty() {
                v["essglobal:legalForm"] = o.essglobal_legal_form.clone().into();
            }
            v
        })
        .collect();
    serde_json::json!({
        "@context": {
            "essglobal": "https://w3id.org/essglobal/voc/",
            "gr": "http://purl.org/goodrelations/v1#",
            "dc": "http://purl.org/dc/terms/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
            "foaf": "http://xmlns.com/foaf/0.1/"
        },
        "@graph": graph
    })
}
