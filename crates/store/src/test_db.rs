//! Throw-away PostgreSQL databases for tests: each test creates one on the server its
//! `GERBANG_TEST_POSTGRES_URL` names and drops it afterwards. Used by the test suites of the
//! gateway and of the WhatsApp engine.

use sqlx::Connection;

/// Creates database `name` on the server of `base`; returns the URL that names it.
pub async fn create_pg_database(base: &str, name: &str) -> String {
    let mut conn = sqlx::PgConnection::connect(base)
        .await
        .expect("connect to test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    with_database(base, name)
}

/// Drops database `name`, even with connections still open; errors are ignored (clean-up).
pub async fn drop_pg_database(base: &str, name: &str) {
    if let Ok(mut conn) = sqlx::PgConnection::connect(base).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
    }
}

/// The same server URL, naming another database.
pub fn with_database(base: &str, name: &str) -> String {
    let (head, query) = base
        .split_once('?')
        .map_or((base, None), |(h, q)| (h, Some(q)));
    let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match head[scheme_end..].find('/') {
        Some(i) => &head[..scheme_end + i],
        None => head,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_names_are_swapped_in_urls() {
        assert_eq!(
            with_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
