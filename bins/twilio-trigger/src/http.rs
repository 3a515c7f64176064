//! A minimal blocking HTTP/1.1 client over `std::net::TcpStream`, enough for
//! `http://` targets on a developer machine or in a test.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::CliError;

/// Where to connect and what to put on the request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// `host:port`, for connecting and for the `Host` header.
    pub(crate) authority: String,
    /// Path and query exactly as given.
    pub(crate) path_and_query: String,
}

impl Target {
    /// Splits an `http://host[:port]/path?query` URL without re-encoding anything.
    pub(crate) fn parse(url: &str) -> Result<Self, CliError> {
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {
                return Err(CliError::Https);
            }
            _ => return Err(CliError::BadUrl(url.to_owned())),
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        if authority.is_empty() {
            return Err(CliError::BadUrl(url.to_owned()));
        }
        let tail = tail.split_once('#').map_or(tail, |(t, _)| t);
        let path_and_query = match tail.chars().next() {
            None => "/".to_owned(),
            Some('?') => format!("/{tail}"),
            Some(_) => tail.to_owned(),
        };
        let authority = if authority
            .rsplit_once(':')
            .is_some_and(|(_, p)| !p.contains(']'))
        {
            authority.to_owned()
        } else {
            format!("{authority}:80")
        };
        Ok(Self {
            authority,
            path_and_query,
        })
    }
}

/// A response: status code, reason and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) reason: String,
    pub(crate) body: Vec<u8>,
}

/// Sends one request with `Connection: close` and reads the whole response.
pub(crate) fn send(
    target: &Target,
    method: &str,
    headers: &[(String, String)],
    body: &[u8],
    timeout: Duration,
) -> Result<Response, CliError> {
    let mut stream = TcpStream::connect(&target.authority)
        .map_err(|e| CliError::Connect(target.authority.clone(), e))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(CliError::Io)?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(CliError::Io)?;
    let mut head = format!(
        "{method} {} HTTP/1.1\r\nHost: {}\r\n",
        target.path_and_query, target.authority
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes()).map_err(CliError::Io)?;
    stream.write_all(body).map_err(CliError::Io)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(CliError::Io)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Result<Response, CliError> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or(CliError::BadResponse)?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let body = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or(CliError::BadResponse)?;
    let mut parts = status_line.splitn(3, ' ');
    let _version = parts.next();
    let status = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or(CliError::BadResponse)?;
    let reason = parts.next().unwrap_or_default().to_owned();
    let chunked = lines.any(|l| {
        l.split_once(':').is_some_and(|(n, v)| {
            n.trim().eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
        })
    });
    let body = if chunked {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    Ok(Response {
        status,
        reason,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, CliError> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or(CliError::BadResponse)?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size_text = size_text
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let size = usize::from_str_radix(&size_text, 16).map_err(|_| CliError::BadResponse)?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = data.get(..size).ok_or(CliError::BadResponse)?;
        out.extend_from_slice(chunk);
        data = data.get(size + 2..).ok_or(CliError::BadResponse)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_keeps_the_query_as_given() {
        let t = Target::parse("http://127.0.0.1:8080/hook?name=O'Brien&x=a+b#frag").unwrap();
        assert_eq!(t.authority, "127.0.0.1:8080");
        assert_eq!(t.path_and_query, "/hook?name=O'Brien&x=a+b");
        assert_eq!(
            Target::parse("http://localhost").unwrap().authority,
            "localhost:80"
        );
        assert!(matches!(Target::parse("https://x/"), Err(CliError::Https)));
    }

    #[test]
    fn chunked_and_plain_responses() {
        let r = parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, &b"abcde"[..]));
        let r = parse_response(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n").unwrap();
        assert_eq!((r.status, r.reason.as_str()), (403, "Forbidden"));
    }
}
