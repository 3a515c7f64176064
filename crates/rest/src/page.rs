//! Paging through list endpoints: explicit pages, or a `Stream` of items.
//!
//! The v1 APIs (Sync, Proxy, TaskRouter) link pages with `meta.next_page_url`; the
//! 2010-04-01 API with a top-level `next_page_uri` relative to its host. Both are
//! followed on the domain's configured base URL, so a base-URL override (a test mock,
//! a proxy) also serves the later pages.

use std::fmt;
use std::marker::PhantomData;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::Deserialize;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::Error;
use crate::client::{Client, Domain, Request, Target};

/// Twilio's largest page size.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// A resource returned by a list endpoint, under the JSON key [`ListItem::KEY`].
pub trait ListItem: DeserializeOwned + Send + 'static {
    /// The page's array key, e.g. `calls` or `documents`.
    const KEY: &'static str;
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    items: Vec<T>,
    next: Option<String>,
    domain: Domain,
}

impl<T: ListItem> Page<T> {
    /// Reads a list page fetched some other way (e.g. with [`Client::request`]): the
    /// items under [`ListItem::KEY`] and the next-page link of either style.
    ///
    /// # Errors
    /// [`Error::Decode`] with the raw body when it is not such a page.
    pub fn parse(body: &[u8], domain: Domain) -> Result<Self, Error> {
        parse_page(body, T::KEY, domain)
    }
}

impl<T> Page<T> {
    /// The page's items.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Takes the items.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The next page's path and query, relative to the domain's base URL.
    pub fn next_page(&self) -> Option<&str> {
        self.next.as_deref()
    }

    /// Whether another page follows.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    fn next_request(&self) -> Option<Request> {
        let next = self.next.as_ref()?;
        let mut req = Request::get(self.domain, String::new());
        req.target = Target::Path(self.domain, next.clone());
        Some(req)
    }
}

/// Reads a page body: the items under `key`, and the next-page link of either style.
struct PageSeed<T> {
    key: &'static str,
    item: PhantomData<T>,
}

struct RawPage<T> {
    items: Vec<T>,
    next: Option<String>,
}

#[derive(Deserialize)]
struct Meta {
    next_page_url: Option<String>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for PageSeed<T> {
    type Value = RawPage<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for PageSeed<T> {
    type Value = RawPage<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a Twilio list page with `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = None;
        let mut next = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.key {
                items = Some(map.next_value::<Vec<T>>()?);
            } else if key == "meta" {
                if let Some(meta) = map.next_value::<Option<Meta>>()? {
                    next = next.or(meta.next_page_url);
                }
            } else if key == "next_page_uri" {
                next = next.or(map.next_value::<Option<String>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let items = items.ok_or_else(|| serde::de::Error::missing_field(self.key))?;
        Ok(RawPage {
            items,
            next: next.filter(|n| !n.is_empty()),
        })
    }
}

/// Reduces a next-page link (absolute URL or relative URI) to path and query.
fn path_and_query(link: &str) -> Result<String, Error> {
    if link.starts_with('/') {
        return Ok(link.to_owned());
    }
    let url = url::Url::parse(link)
        .map_err(|e| Error::InvalidInput(format!("next page link `{link}`: {e}")))?;
    Ok(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    })
}

fn parse_page<T: DeserializeOwned>(
    body: &[u8],
    key: &'static str,
    domain: Domain,
) -> Result<Page<T>, Error> {
    let seed = PageSeed {
        key,
        item: PhantomData,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let raw = seed
        .deserialize(&mut de)
        .and_then(|raw| de.end().map(|()| raw))
        .map_err(|source| Error::Decode {
            source,
            body: String::from_utf8_lossy(body).into_owned(),
        })?;
    let next = raw.next.as_deref().map(path_and_query).transpose()?;
    Ok(Page {
        items: raw.items,
        next,
        domain,
    })
}

/// A list request: fetch pages one by one, or stream every item.
///
/// ```no_run
/// # async fn run(client: twilio_rest::Client) -> Result<(), twilio_rest::Error> {
/// use futures_util::TryStreamExt;
/// let calls = client.api().calls().list(Default::default()).page_size(50).limit(200);
/// let mut stream = std::pin::pin!(calls.stream());
/// while let Some(call) = stream.try_next().await? {
///     println!("{} {:?}", call.sid, call.status);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a Lister does nothing until its pages or items are requested"]
pub struct Lister<T> {
    client: Client,
    first: Request,
    page_size: Option<u32>,
    limit: Option<usize>,
    item: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Lister<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lister")
            .field("path", &self.first.path())
            .field("page_size", &self.page_size)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl<T: ListItem> Lister<T> {
    pub(crate) fn new(client: Client, first: Request) -> Self {
        Self {
            client,
            first,
            page_size: None,
            limit: None,
            item: PhantomData,
        }
    }

    /// Items per page (`PageSize`, at most 1000).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size.clamp(1, MAX_PAGE_SIZE));
        self
    }

    /// Stop after this many items in [`Lister::stream`] and [`Lister::collect`]. Without
    /// an explicit page size, pages are sized to the limit (up to 1000).
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    fn first_request(&self) -> Request {
        let size = self.page_size.or_else(|| {
            self.limit.map(|l| {
                u32::try_from(l)
                    .unwrap_or(MAX_PAGE_SIZE)
                    .clamp(1, MAX_PAGE_SIZE)
            })
        });
        let mut req = self.first.clone();
        if let Some(size) = size {
            req.query.push(("PageSize".to_owned(), size.to_string()));
        }
        req
    }

    fn domain(&self) -> Domain {
        match self.first.target {
            Target::Path(domain, _) => domain,
        }
    }

    async fn fetch(&self, req: &Request) -> Result<Page<T>, Error> {
        let body = self.client.send(req).await?;
        parse_page(&body, T::KEY, self.domain())
    }

    /// The first page.
    ///
    /// # Errors
    /// Any [`Error`] of the request or of decoding the page.
    pub async fn first_page(&self) -> Result<Page<T>, Error> {
        self.fetch(&self.first_request()).await
    }

    /// The page after `page`, or `None` on the last page.
    ///
    /// # Errors
    /// As [`Lister::first_page`].
    pub async fn next_page(&self, page: &Page<T>) -> Result<Option<Page<T>>, Error> {
        match page.next_request() {
            Some(req) => self.fetch(&req).await.map(Some),
            None => Ok(None),
        }
    }

    /// Every page in order, fetched lazily.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send {
        let first = self.first_request();
        stream::try_unfold((self, Some(first)), |(lister, req)| async move {
            let Some(req) = req else {
                return Ok(None);
            };
            let page = lister.fetch(&req).await?;
            // A page linking to itself would loop forever: treat it as the last.
            let next = page.next_request().filter(|n| n.path() != req.path());
            Ok(Some((page, (lister, next))))
        })
    }

    /// Every item in order (up to the limit), fetching pages as needed.
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send {
        let limit = self.limit.unwrap_or(usize::MAX);
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .take(limit)
    }

    /// Collects every item (up to the limit).
    ///
    /// # Errors
    /// The first error of any page.
    pub async fn collect(self) -> Result<Vec<T>, Error> {
        self.stream().try_collect().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        n: u32,
    }

    #[test]
    fn reads_v1_and_2010_pages() {
        let v1 = br#"{"items":[{"n":1}],"meta":{"page":0,"next_page_url":"https://sync.twilio.com/v1/Services?PageSize=1&Page=1&PageToken=PA1","key":"items"}}"#;
        let page = parse_page::<Item>(v1, "items", Domain::Sync).unwrap();
        assert_eq!(page.items(), &[Item { n: 1 }]);
        assert_eq!(
            page.next_page(),
            Some("/v1/Services?PageSize=1&Page=1&PageToken=PA1")
        );

        let v2010 = br#"{"calls":[{"n":2}],"next_page_uri":"/2010-04-01/Accounts/AC1/Calls.json?Page=1","page":0}"#;
        let page = parse_page::<Item>(v2010, "calls", Domain::Api).unwrap();
        assert_eq!(
            page.next_page(),
            Some("/2010-04-01/Accounts/AC1/Calls.json?Page=1")
        );

        let last = br#"{"calls":[],"next_page_uri":null,"meta":null}"#;
        assert!(
            !parse_page::<Item>(last, "calls", Domain::Api)
                .unwrap()
                .has_next()
        );
    }

    #[test]
    fn missing_key_or_garbage_is_a_decode_error() {
        for body in [&b"{}"[..], b"<html>", br#"{"calls":[]} x"#] {
            let err = parse_page::<Item>(body, "calls", Domain::Api).unwrap_err();
            assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        }
    }
}
