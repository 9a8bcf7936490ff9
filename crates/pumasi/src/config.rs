//! The typed configuration, loaded once at start from (lowest first) defaults, `pumasi.toml`
//! in the working directory (or `--config FILE`), then `PUMASI_*` environment variables
//! (`DATABASE_URL` is also accepted). Validated with clear errors; secrets are redacted when
//! printed.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://PATH` or `postgres://…`; empty means SQLite in `data_dir`.
    pub database_url: String,
    pub data_dir: PathBuf,
    pub listen: String,
    /// Public URL; defaults to `http://{listen}`.
    pub base_url: String,
    pub smtp_url: String,
    pub mail_from: String,
    pub logo_max_bytes: usize,
    /// A bearer token that opens `/metrics` from anywhere; empty: only direct loopback clients.
    pub metrics_token: String,
    /// The reverse proxies (addresses or ranges like `10.0.0.0/8`) whose `X-Forwarded-For`
    /// names the client, for login throttling.
    pub trusted_proxies: Vec<String>,
    /// Connections served at once (further clients wait until one closes).
    pub max_connections: usize,
    /// Seconds a client has to send a request's header before its connection is closed (also
    /// how long an idle kept-alive connection stays open).
    pub header_timeout_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: String::new(),
            data_dir: PathBuf::from("pumasi-data"),
            listen: "127.0.0.1:8080".to_owned(),
            base_url: String::new(),
            smtp_url: String::new(),
            mail_from: "Pumasi <noreply@localhost.localdomain>".to_owned(),
            logo_max_bytes: 1024 * 1024,
            metrics_token: String::new(),
            trusted_proxies: Vec::new(),
            max_connections: 4096,
            header_timeout_secs: 10,
        }
    }
}

impl Config {
    /// # Errors
    /// A malformed file or value, named precisely.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let default_file = Path::new("pumasi.toml");
        let mut cfg = match file {
            Some(f) => {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                toml::from_str(&text).with_context(|| format!("{} is not valid", f.display()))?
            }
            None if default_file.exists() => {
                let text =
                    std::fs::read_to_string(default_file).context("cannot read pumasi.toml")?;
                toml::from_str(&text).context("pumasi.toml is not valid")?
            }
            None => Config::default(),
        };
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(v) = env("PUMASI_DATABASE_URL").or_else(|| env("DATABASE_URL")) {
            cfg.database_url = v;
        }
        if let Some(v) = env("PUMASI_DATA_DIR") {
            cfg.data_dir = v.into();
        }
        if let Some(v) = env("PUMASI_LISTEN") {
            cfg.listen = v;
        }
        if let Some(v) = env("PUMASI_BASE_URL") {
            cfg.base_url = v;
        }
        if let Some(v) = env("PUMASI_SMTP_URL") {
            cfg.smtp_url = v;
        }
        if let Some(v) = env("PUMASI_MAIL_FROM") {
            cfg.mail_from = v;
        }
        if let Some(v) = env("PUMASI_METRICS_TOKEN") {
            cfg.metrics_token = v;
        }
        if let Some(v) = env("PUMASI_TRUSTED_PROXIES") {
            cfg.trusted_proxies = v.split(',').map(|p| p.trim().to_owned()).collect();
        }
        if let Some(v) = env("PUMASI_MAX_CONNECTIONS") {
            cfg.max_connections = v
                .parse()
                .context("PUMASI_MAX_CONNECTIONS must be a number of connections")?;
        }
        if let Some(v) = env("PUMASI_HEADER_TIMEOUT_SECS") {
            cfg.header_timeout_secs = v
                .parse()
                .context("PUMASI_HEADER_TIMEOUT_SECS must be a number of seconds")?;
        }
        if let Some(v) = env("PUMASI_LOGO_MAX_BYTES") {
            cfg.logo_max_bytes = v
                .parse()
                .context("PUMASI_LOGO_MAX_BYTES must be a number of bytes")?;
        }
        cfg.validate()?;
        Ok(cfg)
    }

    fn validate(&mut self) -> anyhow::Result<()> {
        let default_db = self.database_url.is_empty();
        if default_db {
            self.database_url = format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("pumasi.db").display()
            );
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            bail!(
                "database_url must start with sqlite: or postgres:// (got {})",
                self.redacted_db()
            );
        }
        if self.listen.parse::<std::net::SocketAddr>().is_err() {
            bail!(
                "listen must be an address like 127.0.0.1:8080 (got {})",
                self.listen
            );
        }
        for p in &self.trusted_proxies {
            if pumasi_web::auth::Net::parse(p).is_none() {
                bail!("trusted_proxies: {p} is not an address or a range like 10.0.0.0/8");
            }
        }
        if self.max_connections == 0 {
            bail!("max_connections must be at least 1");
        }
        if !(1..=3600).contains(&self.header_timeout_secs) {
            bail!(
                "header_timeout_secs must be between 1 and 3600 (got {})",
                self.header_timeout_secs
            );
        }
        if self.base_url.is_empty() {
            self.base_url = format!("http://{}", self.listen);
        }
        self.base_url = self.base_url.trim_end_matches('/').to_owned();
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            bail!("base_url must start with http:// or https://");
        }
        Ok(())
    }

    /// Creates the data directory of a hub that keeps its database there (commands that make
    /// or change a hub; commands that only read one never create it).
    ///
    /// # Errors
    /// When the directory cannot be created.
    pub fn create_data_dir(&self) -> anyhow::Result<()> {
        if self.database_url.starts_with("sqlite:") {
            std::fs::create_dir_all(&self.data_dir).with_context(|| {
                format!("cannot create data directory {}", self.data_dir.display())
            })?;
        }
        Ok(())
    }

    /// The database URL with any password hidden, for messages.
    #[must_use]
    pub fn redacted_db(&self) -> String {
        match (self.database_url.find("://"), self.database_url.find('@')) {
            (Some(s), Some(at)) if at > s => format!(
                "{}://***{}",
                &self.database_url[..s],
                &self.database_url[at..]
            ),
            _ => self.database_url.clone(),
        }
    }

    #[must_use]
    pub fn web(&self) -> pumasi_web::WebConfig {
        pumasi_web::WebConfig {
            base_url: self.base_url.clone(),
            mail_dir: self.data_dir.join("mail"),
            data_dir: Some(self.data_dir.clone()),
            smtp_url: Some(self.smtp_url.clone()).filter(|s| !s.is_empty()),
            mail_from: self.mail_from.clone(),
            logo_max_bytes: self.logo_max_bytes,
            metrics_token: Some(self.metrics_token.clone()).filter(|t| !t.is_empty()),
            trusted_proxies: self
                .trusted_proxies
                .iter()
                .filter_map(|p| pumasi_web::auth::Net::parse(p))
                .collect(),
        }
    }
}
