//! The embedded store: one SQLite file in WAL mode.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{Store, StoredUser, next_record};
use crate::error::Error;
use crate::event::Event;
use crate::id::{Identity, Timestamp};
use crate::state::UserState;

/// Stores one row per user (`identity`, `version`, JSON `state`) in a SQLite file.
///
/// The connection runs on tokio's blocking pool ([`tokio::task::spawn_blocking`]) so
/// disk I/O never stalls the async workers. Each event is one `BEGIN IMMEDIATE`
/// transaction, so several handles (or processes) on the same file never lose updates.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS presence_users (
    identity TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL
)";

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, in WAL mode.
    ///
    /// # Errors
    /// [`Error::Sqlite`] when the file cannot be opened or initialised.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        Self::init(Connection::open(path)?)
    }

    /// A private in-memory database (for tests).
    ///
    /// # Errors
    /// [`Error::Sqlite`] when SQLite cannot start.
    pub fn open_in_memory() -> Result<Self, Error> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, Error> {
        // Writers from other handles wait instead of failing with SQLITE_BUSY.
        conn.busy_timeout(Duration::from_secs(10))?;
        // WAL: readers never block the writer; NORMAL sync is durable across crashes
        // of the process (the last commits may be lost on power failure only).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute(SCHEMA, [])?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    async fn with_conn<T, F>(&self, f: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, Error> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|e| e.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| Error::Task(e.to_string()))?
    }
}

fn read(conn: &Connection, identity: &Identity) -> Result<Option<StoredUser>, Error> {
    let row: Option<(i64, String)> = conn
        .query_row(
            "SELECT version, state FROM presence_users WHERE identity = ?1",
            params![identity.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(version, json)| decode(identity.clone(), version, &json))
        .transpose()
}

fn decode(identity: Identity, version: i64, json: &str) -> Result<StoredUser, Error> {
    let state: UserState = serde_json::from_str(json)?;
    Ok(StoredUser {
        identity,
        version: u64::try_from(version).unwrap_or(0),
        state,
    })
}

fn write(conn: &Connection, record: &StoredUser) -> Result<(), Error> {
    let json = serde_json::to_string(&record.state)?;
    let version = i64::try_from(record.version).unwrap_or(i64::MAX);
    conn.execute(
        "INSERT INTO presence_users (identity, version, state) VALUES (?1, ?2, ?3)
         ON CONFLICT(identity) DO UPDATE SET version = excluded.version, state = excluded.state",
        params![record.identity.as_str(), version, json],
    )?;
    Ok(())
}

fn read_all(conn: &Connection) -> Result<Vec<StoredUser>, Error> {
    let mut stmt = conn.prepare("SELECT identity, version, state FROM presence_users")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (identity, version, json) = row?;
        out.push(decode(Identity::try_from(identity)?, version, &json)?);
    }
    Ok(out)
}

impl Store for SqliteStore {
    async fn apply(&self, event: &Event) -> Result<StoredUser, Error> {
        let event = event.clone();
        self.with_conn(move |conn| {
            // IMMEDIATE takes the write lock up front: no lost update between
            // the read and the write, even across processes.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (changed, record) = next_record(read(&tx, event.identity())?, &event);
            if let Some(changed) = changed {
                write(&tx, &changed)?;
                tx.commit()?;
            }
            Ok(record)
        })
        .await
    }

    async fn load(&self, identity: &Identity) -> Result<Option<StoredUser>, Error> {
        let identity = identity.clone();
        self.with_conn(move |conn| read(conn, &identity)).await
    }

    async fn load_all(&self) -> Result<Vec<StoredUser>, Error> {
        self.with_conn(|conn| read_all(conn)).await
    }

    async fn prune(&self, before: Timestamp) -> Result<Vec<StoredUser>, Error> {
        self.with_conn(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut changed = Vec::new();
            for mut record in read_all(&tx)? {
                if record.state.prune(before) {
                    record.version += 1;
                    write(&tx, &record)?;
                    changed.push(record);
                }
            }
            tx.commit()?;
            Ok(changed)
        })
        .await
    }
}
