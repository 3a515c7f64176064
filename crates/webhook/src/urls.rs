//! Candidate URLs, built the way twilio-node builds them: string surgery on the URL
//! as received first, then (only if that fails) the WHATWG-normalised URL and its
//! legacy-querystring form.

use std::borrow::Cow;

/// The parts of `scheme://userinfo@host:port/rest`, without normalising anything.
struct Parts<'a> {
    scheme: &'a str,
    userinfo: &'a str,
    host: &'a str,
    port: &'a str,
    rest: &'a str,
}

/// Splits like twilio-node's `/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i`.
fn split(url: &str) -> Option<Parts<'_>> {
    let bytes = url.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let scheme_len = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))?;
    if !url[scheme_len..].starts_with("://") {
        return None;
    }
    let scheme_end = scheme_len + 3;
    let after = &url[scheme_end..];
    let authority_len = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..authority_len];
    let host_start = authority.rfind('@').map_or(0, |i| i + 1);
    let host_port = &authority[host_start..];
    let search_from = host_port.rfind(']').map_or(0, |i| i + 1);
    let port_start = host_port[search_from..].find(':').map(|i| i + search_from);
    let (host, port) = match port_start {
        Some(p) => (&host_port[..p], &host_port[p..]),
        None => (host_port, ""),
    };
    Some(Parts {
        scheme: &url[..scheme_end],
        userinfo: &authority[..host_start],
        host,
        port,
        rest: &after[authority_len..],
    })
}

/// twilio-node's `removePort`: drops any port, default or not.
pub(crate) fn remove_port(url: &str) -> Cow<'_, str> {
    match split(url) {
        Some(p) if !p.port.is_empty() => {
            Cow::Owned([p.scheme, p.userinfo, p.host, p.rest].concat())
        }
        _ => Cow::Borrowed(url),
    }
}

/// twilio-node's `addPort`: `:443` for `https://`, `:80` for any other scheme.
pub(crate) fn add_port(url: &str) -> Cow<'_, str> {
    match split(url) {
        Some(p) if p.port.is_empty() => {
            let port = if p.scheme.eq_ignore_ascii_case("https://") {
                ":443"
            } else {
                ":80"
            };
            Cow::Owned([p.scheme, p.userinfo, p.host, port, p.rest].concat())
        }
        _ => Cow::Borrowed(url),
    }
}

/// The as-received candidate besides `url` itself: without the port when it has one,
/// else with the default port (twilio-node tries both; one of them is `url`).
pub(crate) fn port_variant(url: &str) -> Option<String> {
    let parts = split(url)?;
    let variant = if parts.port.is_empty() {
        add_port(url)
    } else {
        remove_port(url)
    };
    (variant != url).then(|| variant.into_owned())
}

#[cfg(feature = "normalized-urls")]
/// The fallback candidates twilio-node tries after the as-received ones: the URL
/// normalised by the WHATWG parser (`new URL(url).toString()`), without and with
/// the default port, each also with its query re-encoded by Node's legacy
/// `querystring` module. `None` when the URL does not parse (Node throws there).
pub(crate) fn fallbacks(url: &str) -> Option<Vec<String>> {
    let normalized = url::Url::parse(url).ok()?;
    let normalized = normalized.as_str();
    let without = remove_port(normalized).into_owned();
    let with = add_port(normalized).into_owned();
    let legacy_without = legacy_querystring(&without);
    let legacy_with = legacy_querystring(&with);
    Some(vec![without, with, legacy_without, legacy_with])
}

#[cfg(feature = "normalized-urls")]
/// Node's `querystring.stringify(querystring.parse(query))` applied to the query.
fn legacy_querystring(url: &str) -> String {
    match url.find('?') {
        Some(q) if q + 1 < url.len() => {
            let query = crate::legacy_qs::restringify(&url[q + 1..]);
            format!("{}?{}", &url[..q], query)
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_by_string_surgery() {
        assert_eq!(add_port("https://a.b/x?y='+'"), "https://a.b:443/x?y='+'");
        assert_eq!(add_port("http://a.b?q"), "http://a.b:80?q");
        assert_eq!(add_port("ftp://a.b/"), "ftp://a.b:80/");
        assert_eq!(remove_port("https://u:p@a.b:8443/x"), "https://u:p@a.b/x");
        assert_eq!(remove_port("http://[::1]:8080/x"), "http://[::1]/x");
        assert_eq!(add_port("http://[::1]/x"), "http://[::1]:80/x");
        assert_eq!(remove_port("not a url"), "not a url");
        assert_eq!(port_variant("https://a.b:443/").unwrap(), "https://a.b/");
        assert_eq!(port_variant("https://a.b:1/").unwrap(), "https://a.b/");
        assert_eq!(port_variant("x"), None);
        assert_eq!(port_variant("https://a.b/").unwrap(), "https://a.b:443/");
    }
}
