//! Direct SQL on a test gateway's database, for states the API cannot make (what a SIGKILL
//! leaves behind) and for failures only the database can inject (a trigger refusing a row).

use crate::harness::TestApp;

/// Runs each statement in order, on whichever backend the gateway uses.
pub async fn exec(app: &TestApp, statements: &[&str]) {
    let url = app.database_url();
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        for sql in statements {
            sqlx::raw_sql(sql)
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        for sql in statements {
            sqlx::raw_sql(sql)
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        pool.close().await;
    }
}

/// The first column of every row of a query that returns text, on either backend.
pub async fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    let url = app.database_url();
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        let rows = sqlx::query_scalar::<_, String>(sql)
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let rows = sqlx::query_scalar::<_, String>(sql)
            .fetch_all(&pool)
            .await
            .unwrap();
        pool.close().await;
        rows
    }
}

pub fn is_sqlite(app: &TestApp) -> bool {
    app.database_url().starts_with("sqlite:")
}
