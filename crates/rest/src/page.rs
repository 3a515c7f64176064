//! Paging through list endpoints: explicit pages, or a `Stream` of items.
//!
//! The v1 APIs (Sync, Proxy, TaskRouter) link pages with `meta.next_page_url`; the
//! 2010-04-01 API with a top-level `next_page_uri` relative to its host. Both are
//! followed on the domain's configured base URL, so a base-URL override (a test mock,
//! a proxy) also serves the later pages.
//!
//! A stream ([`Lister::pages`], [`Lister::stream`], [`Lister::collect`]) cannot loop:
//!
//! * it remembers every link it fetched, compared as path plus sorted query (Twilio's
//!   `Page=0` counting as absent), and ends with [`Error::RepeatedPage`] when a next
//!   link names one of them again (pages that link in a cycle); it also remembers a
//!   hash of every page body, so an earlier page served again under a new link (a
//!   fresh page token) ends it the same way, before its items are given again;
//! * a page whose next link names the page itself is the last one, and a page whose
//!   body is byte for byte the page just before it (the last page served again under
//!   another link) ends the stream quietly without its items, so no item comes twice;
//! * after [`Lister::max_pages`] pages (default [`DEFAULT_MAX_PAGES`]) a next link
//!   ends it with [`Error::TooManyPages`].
//!
//! ## Items that do not decode
//!
//! An item of a page that does not decode (a malformed SID, a field of an unexpected
//! type) is **skipped and reported**, not fatal: the rest of the page is returned,
//! [`Page::skipped`] lists what was left out ([`SkippedItem`]: its index and the
//! reason, never its content), and the streams log a `tracing` warning for each.
//! [`Lister::strict`] makes such an item fail the page with [`Error::Decode`] instead.
//! A page that is not a list page at all is always [`Error::Decode`].

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::marker::PhantomData;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::Deserialize;
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::Error;
use crate::client::{Client, Domain, Request, Target};

/// Twilio's largest page size.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// The default page cap of a list stream: 10 000 pages (500 000 items at Twilio's
/// default page size of 50, 10 million at the largest).
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// A resource returned by a list endpoint, under the JSON key [`ListItem::KEY`].
pub trait ListItem: DeserializeOwned + Send + 'static {
    /// The page's array key, e.g. `calls` or `documents`.
    const KEY: &'static str;
}

/// A list item that did not decode and was left out of its [`Page`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedItem {
    /// Its position in the page's array (from 0).
    pub index: usize,
    /// Why it did not decode (the decoder's message: which field, what was expected;
    /// a malformed SID is never repeated).
    pub reason: String,
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    items: Vec<T>,
    skipped: Vec<SkippedItem>,
    next: Option<String>,
    domain: Domain,
}

impl<T: ListItem> Page<T> {
    /// Reads a list page fetched some other way (e.g. with [`Client::request`]): the
    /// items under [`ListItem::KEY`] and the next-page link of either style. Items
    /// that do not decode are left out and listed in [`Page::skipped`].
    ///
    /// # Errors
    /// [`Error::Decode`] with (an excerpt of) the raw body when it is not such a page.
    pub fn parse(body: &[u8], domain: Domain) -> Result<Self, Error> {
        parse_page(body, T::KEY, domain, false)
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

    /// The items of the page that did not decode and were left out.
    pub fn skipped(&self) -> &[SkippedItem] {
        &self.skipped
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

/// Reads a page body: the items under `key` (undecoded), and the next-page link of
/// either style.
struct PageSeed {
    key: &'static str,
}

struct RawPage<'de> {
    items: Vec<&'de RawValue>,
    next: Option<String>,
}

#[derive(Deserialize)]
struct Meta {
    next_page_url: Option<String>,
}

impl<'de> DeserializeSeed<'de> for PageSeed {
    type Value = RawPage<'de>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PageSeed {
    type Value = RawPage<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a Twilio list page with `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = None;
        let mut next = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.key {
                items = Some(map.next_value::<Vec<&'de RawValue>>()?);
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

/// Decodes a page; an item that does not decode is skipped (reported in the page) or,
/// when `strict`, fails the page.
fn parse_page<T: DeserializeOwned>(
    body: &[u8],
    key: &'static str,
    domain: Domain,
    strict: bool,
) -> Result<Page<T>, Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let raw = PageSeed { key }
        .deserialize(&mut de)
        .and_then(|raw| de.end().map(|()| raw))
        .map_err(|source| Error::decode_failed(source, body))?;
    let mut items = Vec::with_capacity(raw.items.len());
    let mut skipped = Vec::new();
    for (index, item) in raw.items.into_iter().enumerate() {
        match serde_json::from_str::<T>(item.get()) {
            Ok(item) => items.push(item),
            Err(source) if strict => return Err(Error::decode_failed(source, body)),
            Err(reason) => skipped.push(SkippedItem {
                index,
                reason: reason.to_string(),
            }),
        }
    }
    let next = raw.next.as_deref().map(path_and_query).transpose()?;
    Ok(Page {
        items,
        skipped,
        next,
        domain,
    })
}

/// A request's link as compared by the loop check: path, then the query pairs (of
/// the path and of the request) decoded and sorted, Twilio's `Page=0` left out (its
/// first page with and without it is the same page).
fn link_key(req: &Request) -> String {
    let (path, query) = req.path().split_once('?').unwrap_or((req.path(), ""));
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .chain(req.query.iter().cloned())
        .filter(|(k, v)| !(k == "Page" && v == "0"))
        .collect();
    pairs.sort();
    let mut key = form_urlencoded::Serializer::new(format!("{path}?"));
    key.extend_pairs(pairs);
    key.finish()
}

/// Where a page stream is: the links and pages it fetched, and what comes next.
struct Walk {
    visited: HashSet<String>,
    fetched: usize,
    /// Hashes of the page bodies seen, to spot a page served again under a new link
    /// (a page token that changes on every visit); the last one apart.
    bodies: HashSet<u64>,
    last_body: Option<u64>,
    hasher: RandomState,
    next: Next,
}

enum Next {
    Fetch(Request),
    Fail(Error),
    End,
}

/// A list request: fetch pages one by one, or go through every item.
///
/// The short way needs no imports: [`Lister::for_each`], or [`Lister::items`] and its
/// inherent `next().await`:
///
/// ```no_run
/// # async fn run(client: twilio_rest::Client) -> Result<(), twilio_rest::Error> {
/// let mut calls = client.calls().list(Default::default()).limit(200).items();
/// while let Some(call) = calls.next().await {
///     println!("{}", call?.sid);
/// }
/// # Ok(()) }
/// ```
///
/// As a `futures` stream:
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
    max_pages: usize,
    strict: bool,
    /// Why the request could not be built (a malformed SID given as `&str`): the first
    /// page fails with it as [`Error::InvalidInput`], nothing is sent.
    invalid: Option<String>,
    item: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Lister<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lister")
            .field("path", &self.first.path())
            .field("page_size", &self.page_size)
            .field("limit", &self.limit)
            .field("max_pages", &self.max_pages)
            .field("strict", &self.strict)
            .field("invalid", &self.invalid)
            .finish_non_exhaustive()
    }
}

impl<T: ListItem> Lister<T> {
    pub(crate) fn new(client: Client, first: Request) -> Self {
        Self {
            max_pages: client.max_pages(),
            client,
            first,
            page_size: None,
            limit: None,
            strict: false,
            invalid: None,
            item: PhantomData,
        }
    }

    /// A lister whose first page fails with `error` (input rejected before any request).
    pub(crate) fn failing(mut self, error: Error) -> Self {
        self.invalid = Some(match error {
            Error::InvalidInput(message) => message,
            other => other.to_string(),
        });
        self
    }

    fn check(&self) -> Result<(), Error> {
        match &self.invalid {
            Some(message) => Err(Error::InvalidInput(message.clone())),
            None => Ok(()),
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

    /// The most pages [`Lister::pages`], [`Lister::stream`] and [`Lister::collect`]
    /// fetch (at least 1; default the client's,
    /// [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)). When the last
    /// one allowed still links to another, its items are given and the stream ends
    /// with [`Error::TooManyPages`].
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// With `true`, an item that does not decode fails its page with
    /// [`Error::Decode`] instead of being skipped (see the [module docs](self)).
    pub fn strict(mut self, yes: bool) -> Self {
        self.strict = yes;
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

    fn parse(&self, body: &[u8], req: &Request) -> Result<Page<T>, Error> {
        let page = parse_page::<T>(body, T::KEY, self.domain(), self.strict)?;
        for skipped in &page.skipped {
            tracing::warn!(
                path = %req.path(),
                index = skipped.index,
                reason = %skipped.reason,
                "skipped a list item that did not decode"
            );
        }
        Ok(page)
    }

    async fn fetch(&self, req: &Request) -> Result<Page<T>, Error> {
        let body = self.client.send(req).await?;
        self.parse(&body, req)
    }

    /// The first page.
    ///
    /// # Errors
    /// Any [`Error`] of the request or of decoding the page.
    pub async fn first_page(&self) -> Result<Page<T>, Error> {
        self.check()?;
        self.fetch(&self.first_request()).await
    }

    /// The page after `page`, or `None` on the last page. (Explicit paging has no loop
    /// check: the caller decides when to stop.)
    ///
    /// # Errors
    /// As [`Lister::first_page`].
    pub async fn next_page(&self, page: &Page<T>) -> Result<Option<Page<T>>, Error> {
        match page.next_request() {
            Some(req) => self.fetch(&req).await.map(Some),
            None => Ok(None),
        }
    }

    /// Every page in order, fetched lazily; ends with [`Error::RepeatedPage`] or
    /// [`Error::TooManyPages`] instead of looping (see the [module docs](self)).
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send {
        let first = self.first_request();
        let walk = Walk {
            visited: HashSet::from([link_key(&first)]),
            fetched: 0,
            bodies: HashSet::new(),
            last_body: None,
            hasher: RandomState::new(),
            next: match self.check() {
                Ok(()) => Next::Fetch(first),
                Err(error) => Next::Fail(error),
            },
        };
        stream::try_unfold((self, walk), |(lister, mut walk)| async move {
            let req = match std::mem::replace(&mut walk.next, Next::End) {
                Next::Fetch(req) => req,
                Next::Fail(err) => return Err(err),
                Next::End => return Ok(None),
            };
            let body = lister.client.send(&req).await?;
            walk.fetched += 1;
            let hash = walk.hasher.hash_one(&body);
            if walk.last_body == Some(hash) {
                // The page before, served again: the last page, already given.
                return Ok(None);
            }
            if !walk.bodies.insert(hash) {
                // An earlier page, served again: the pages link in a cycle.
                return Err(Error::RepeatedPage {
                    link: req.path().to_owned(),
                    pages: walk.fetched - 1,
                });
            }
            let page = lister.parse(&body, &req)?;
            walk.last_body = Some(hash);
            walk.next = lister.after(&page, &req, &mut walk);
            Ok(Some((page, (lister, walk))))
        })
    }

    /// What follows `page`, fetched with `req`.
    fn after(&self, page: &Page<T>, req: &Request, walk: &mut Walk) -> Next {
        let Some(next) = page.next_request() else {
            return Next::End;
        };
        let key = link_key(&next);
        if key == link_key(req) {
            // A page linking to itself is the last one.
            return Next::End;
        }
        if !walk.visited.insert(key) {
            return Next::Fail(Error::RepeatedPage {
                link: next.path().to_owned(),
                pages: walk.fetched,
            });
        }
        if walk.fetched >= self.max_pages {
            return Next::Fail(Error::TooManyPages {
                max_pages: self.max_pages,
            });
        }
        Next::Fetch(next)
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

    /// Every item in order (up to the limit), with an inherent `next().await`: no
    /// `pin!` and no `futures` import needed. [`Items`] is a `Stream` too.
    pub fn items(self) -> Items<T> {
        Items {
            stream: Box::pin(self.stream()),
        }
    }

    /// Calls `f` with every item in order (up to the limit).
    ///
    /// # Errors
    /// The first error of any page; `f` has seen the items before it.
    pub async fn for_each(self, mut f: impl FnMut(T)) -> Result<(), Error> {
        let mut items = self.items();
        while let Some(item) = items.next().await {
            f(item?);
        }
        Ok(())
    }
}

/// The items of a list, one `next().await` at a time (from [`Lister::items`]).
#[must_use = "an Items does nothing until `next()` is awaited"]
pub struct Items<T> {
    stream: std::pin::Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl<T> Items<T> {
    /// The next item, `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        self.stream.next().await
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.stream.size_hint()
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
        let page = parse_page::<Item>(v1, "items", Domain::Sync, false).unwrap();
        assert_eq!(page.items(), &[Item { n: 1 }]);
        assert_eq!(
            page.next_page(),
            Some("/v1/Services?PageSize=1&Page=1&PageToken=PA1")
        );

        let v2010 = br#"{"calls":[{"n":2}],"next_page_uri":"/2010-04-01/Accounts/AC1/Calls.json?Page=1","page":0}"#;
        let page = parse_page::<Item>(v2010, "calls", Domain::Api, false).unwrap();
        assert_eq!(
            page.next_page(),
            Some("/2010-04-01/Accounts/AC1/Calls.json?Page=1")
        );

        let last = br#"{"calls":[],"next_page_uri":null,"meta":null}"#;
        assert!(
            !parse_page::<Item>(last, "calls", Domain::Api, false)
                .unwrap()
                .has_next()
        );
    }

    #[test]
    fn missing_key_or_garbage_is_a_decode_error() {
        for body in [&b"{}"[..], b"<html>", br#"{"calls":[]} x"#] {
            let err = parse_page::<Item>(body, "calls", Domain::Api, false).unwrap_err();
            assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        }
    }

    #[test]
    fn items_that_do_not_decode_are_skipped_and_reported_or_fail_when_strict() {
        let body = br#"{"calls":[{"n":1},{"n":"x"},{"m":2},{"n":4}],"next_page_uri":null}"#;
        let page = parse_page::<Item>(body, "calls", Domain::Api, false).unwrap();
        assert_eq!(page.items(), &[Item { n: 1 }, Item { n: 4 }]);
        let indexes: Vec<usize> = page.skipped().iter().map(|s| s.index).collect();
        assert_eq!(indexes, [1, 2]);
        assert!(page.skipped()[1].reason.contains("missing field `n`"));
        let err = parse_page::<Item>(body, "calls", Domain::Api, true).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
        // Items that are not even JSON still fail the whole page.
        let broken = br#"{"calls":[{"n":1},{"n":]}"#;
        assert!(parse_page::<Item>(broken, "calls", Domain::Api, false).is_err());
    }

    #[test]
    fn link_keys_ignore_query_order_encoding_and_page_zero() {
        let key = |path: &str, query: &[(&str, &str)]| {
            let mut req = Request::get(Domain::Api, path.to_owned());
            req.query = query
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            link_key(&req)
        };
        let first = key("/Calls.json", &[("Status", "queued"), ("PageSize", "50")]);
        assert_eq!(first, key("/Calls.json?PageSize=50&Status=queued", &[]));
        assert_eq!(
            first,
            key("/Calls.json?PageSize=50&Page=0&Status=queued", &[])
        );
        assert_eq!(
            first,
            key("/Calls.json?Status=queued", &[("PageSize", "50")])
        );
        assert_ne!(
            first,
            key("/Calls.json?PageSize=50&Page=1&Status=queued", &[])
        );
        assert_eq!(
            key("/Calls.json?To=%2B1555", &[]),
            key("/Calls.json", &[("To", "+1555")])
        );
        assert_ne!(key("/Calls.json", &[]), key("/Messages.json", &[]));
    }
}
