use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;

use crate::Config;

const JWT_SECRET_FILE: &str = "jwt-secret";

/// The configured JWT secret, or the one generated on a first start and kept in the data
/// directory, so a restart does not sign everybody out.
pub(crate) fn jwt_secret(config: &Config) -> anyhow::Result<String> {
    if let Some(secret) = crate::masked::text(&config.jwt_secret) {
        return Ok(secret.to_string());
    }
    let path = config.data_dir.join(JWT_SECRET_FILE);
    if path.exists() {
        let secret =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        return Ok(secret.trim().to_string());
    }
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    write_private(&path, &secret)?;
    tracing::warn!(
        path = %path.display(),
        "no jwt_secret configured: generated one and stored it in the data directory; \
         set GERBANG_JWT_SECRET (or GERBANG_JWT_SECRET_FILE) to manage it yourself"
    );
    Ok(secret)
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, content: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(content.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secret_is_kept_and_private() {
        let dir = std::env::temp_dir().join(format!("gerbang-secret-{}", std::process::id()));
        let config = Config {
            data_dir: dir.clone(),
            ..Config::default()
        };
        let first = jwt_secret(&config).unwrap();
        assert!(first.len() >= 32);
        assert_eq!(jwt_secret(&config).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.join(JWT_SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::remove_dir_all(dir).unwrap();
    }
}
