//! The preview's safety checks: who may talk to it and what it accepts.
//!
//! The preview listens on 127.0.0.1 only, but any web page open in the same
//! browser can still send requests to it. So every request, for a page of
//! the site as for the editor, must name the server itself in `Host` (a page
//! of another site that has its name point at 127.0.0.1, "DNS rebinding",
//! cannot: figures before their publication are drafts), and every save must come
//! from the server's own page (`Origin`, or `Referer` where a browser sends
//! no `Origin`) and carry the secret of this run, which only the server's own
//! form contains. Bodies are read up to a limit and no further.

use std::io::Read;

use tiny_http::Request;

/// The largest form accepted. The real plan's longest initiative with all its
/// texts is under 20 KB.
pub(super) const MAX_BODY: usize = 1024 * 1024;

/// A header's value, if sent once; the first if sent several times.
pub(super) fn header<'a>(request: &'a Request, name: &'static str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// The two names of the server: `127.0.0.1:PORT` and `localhost:PORT`
/// (on port 80 also without the port, as browsers send it there).
fn is_self(host: &str, port: u16) -> bool {
    let host = host.trim();
    let (name, at) = match host.rsplit_once(':') {
        Some((name, at)) => (name, at),
        None if port == 80 => (host, "80"),
        None => return false,
    };
    at == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// Whether the request names the server itself in `Host`.
pub(super) fn host_ok(request: &Request, port: u16) -> bool {
    header(request, "Host").is_some_and(|h| is_self(h, port))
}

/// Whether a save comes from a page of the server itself: its `Origin`, or,
/// when a browser sends none, its `Referer`. A request with neither is refused.
pub(super) fn same_origin(request: &Request, port: u16) -> bool {
    fn host_of(url: &str) -> Option<&str> {
        let scheme = url.get(..7)?;
        scheme
            .eq_ignore_ascii_case("http://")
            .then(|| url[7..].split(['/', '?', '#']).next().unwrap_or(""))
    }
    match header(request, "Origin").map(str::trim) {
        // An origin is a scheme and a host, nothing after it.
        Some(origin) => {
            host_of(origin).is_some_and(|h| is_self(h, port) && origin.len() == 7 + h.len())
        }
        None => header(request, "Referer")
            .and_then(|r| host_of(r.trim()))
            .is_some_and(|h| is_self(h, port)),
    }
}

/// The secret of this run: 32 random bytes from the system, as hex. `None`
/// if the system gives none; then the editor accepts no save at all.
pub(super) fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    let filled = getrandom::fill(&mut bytes).is_ok()
        || std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut bytes))
            .is_ok();
    (filled && bytes.iter().any(|&b| b != 0)).then(|| hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in a time that does not depend on where they differ.
pub(super) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether the body is a form as browsers send it without JavaScript.
pub(super) fn is_form(request: &Request) -> bool {
    header(request, "Content-Type").is_some_and(|t| {
        t.split(';').next().is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    })
}

pub(super) enum Body {
    Read(Vec<u8>),
    TooLarge,
    Unreadable,
}

/// Reads the body up to [`MAX_BODY`]: a declared length over the limit is
/// refused before anything is read, and a body sent without a length is cut
/// off as soon as it passes the limit.
pub(super) fn read_body(request: &mut Request) -> Body {
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Body::TooLarge;
    }
    let mut body = Vec::new();
    let limit = u64::try_from(MAX_BODY).unwrap_or(u64::MAX) + 1;
    match request.as_reader().take(limit).read_to_end(&mut body) {
        Ok(_) if body.len() > MAX_BODY => Body::TooLarge,
        Ok(_) => Body::Read(body),
        Err(_) => Body::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_server_itself() {
        assert!(is_self("127.0.0.1:8080", 8080));
        assert!(is_self("LocalHost:8080", 8080));
        for bad in [
            "127.0.0.1:8081",
            "127.0.0.1",
            "localhost",
            "evil.example:8080",
            "127.0.0.1:8080.evil.example",
            "[::1]:8080",
            "127.0.0.1:08080",
            "",
        ] {
            assert!(!is_self(bad, 8080), "{bad}");
        }
        assert!(is_self("127.0.0.1", 80));
        assert!(is_self("localhost:80", 80));
        assert!(!is_self("evil.example", 80));
    }

    #[test]
    fn secrets() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret(&a, &a[..63]));
        assert!(!same_secret(&a, ""));
    }
}
