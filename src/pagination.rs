//! Auto-pagination for every list operation that follows the API's pagination convention: one
//! generic walker, a stream of pages or of items.
//!
//! Page 1 is fetched first; its `pagination_info.first_request_timestamp` is sent back as the
//! operation's snapshot parameters (`page_params.first_request_timestamp.{seconds,nanos}`) on
//! every later page, so the whole walk reads one snapshot. Once `total_pages` is known, up to
//! `prefetch` pages are in flight at once, and pages are yielded strictly in order.
//!
//! Every page is checked against page 1: its number, the snapshot, the totals and its size. An
//! item id seen earlier in the walk (on any page) is a duplicate. A contradiction ends the
//! stream with an [`ErrorKind::InconsistentPagination`](crate::ErrorKind::InconsistentPagination) error: no guess, no loop, no silent gap. Memory: at
//! most `prefetch` pages, plus one 8-byte fingerprint per item id seen (about 16 bytes with the
//! set's overhead), which is what checking every id against every earlier one costs.
//!
//! The build implements [`Paginated`] for each such operation's builder (see the operation
//! table); [`Paginate`] adds the walking methods to all of them.

use crate::error::Kind;
use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde_json::Value;

use crate::compat::Timestamp;
use crate::{Call, Error, Request};

/// Pages in flight at once when the caller does not say.
pub const DEFAULT_PREFETCH: usize = 4;

/// How a listing is walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageOptions {
    /// Pages fetched concurrently after the first (1 walks sequentially).
    pub prefetch: usize,
}

impl Default for PageOptions {
    fn default() -> Self {
        Self {
            prefetch: DEFAULT_PREFETCH,
        }
    }
}

/// A list operation's builder, as the walker needs it (implemented by the build).
pub trait Paginated<'a>: Request + Clone + 'a {
    /// One item of a page.
    type Item: Send + 'a;
    /// The builder asking for page `page` (1-based).
    fn with_page(self, page: u32) -> Self;
    /// The builder reading the snapshot taken at `seconds`/`nanos`; `None` when the operation
    /// takes no snapshot parameters.
    fn with_snapshot(self, seconds: i64, nanos: i32) -> Option<Self>;
    /// The page's pagination state.
    fn page_info(page: &Self::Output) -> Result<PageInfo, Error>;
    /// The page's items, borrowed.
    fn page_items(page: &Self::Output) -> &[Self::Item];
    /// The page's items.
    fn into_page_items(page: Self::Output) -> Vec<Self::Item>;
    /// The item's identifying value as text, when the item has one.
    fn item_id(item: &Self::Item) -> Option<String>;
}

/// The pagination state a page reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageInfo {
    /// Matching records in all, when the server says.
    pub total_elements: Option<i64>,
    /// Pages in all.
    pub total_pages: i64,
    /// This page's number.
    pub current_page: i64,
    /// When page 1 was requested, when the server says.
    pub snapshot: Option<Timestamp>,
}

/// The wire names of one list's pagination state, as the spec model read them; the build
/// writes one for each list, so the walker spells none of them.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct PageFields {
    /// The property that holds the state.
    pub state: &'static str,
    /// The number of pages.
    pub total_pages: &'static str,
    /// This page's number.
    pub current_page: &'static str,
    /// The number of items in all, when the state carries it.
    pub total_elements: Option<&'static str>,
    /// The instant page 1 was read, when the state carries it.
    pub snapshot: Option<&'static str>,
}

impl PageInfo {
    /// Reads a generated pagination state (any type with the fields `names` gives).
    #[doc(hidden)]
    pub fn read(info: &impl serde::Serialize, names: &PageFields) -> Result<Self, Error> {
        let value = serde_json::to_value(info).unwrap_or(Value::Null);
        let bad = |what: &str| {
            Error::from(Kind::InconsistentPagination(format!(
                "{} {what}",
                names.state
            )))
        };
        if !value.is_object() {
            return Err(bad("is missing"));
        }
        let number = |field: &str| -> Result<i64, Error> {
            match value.get(field) {
                Some(v) => serde_json::from_value::<crate::compat::Int64>(v.clone())
                    .map(crate::compat::Int64::get)
                    .map_err(|_| bad(&format!("has a {field} that is not an integer"))),
                None => Err(bad(&format!("has no {field}"))),
            }
        };
        // Documented, but not needed to walk: an absent total is not checked.
        let total_elements = match names.total_elements.map(|field| (field, value.get(field))) {
            None | Some((_, None | Some(Value::Null))) => None,
            Some((field, Some(_))) => Some(number(field)?),
        };
        let snapshot = match names.snapshot.map(|field| (field, value.get(field))) {
            Some((field, Some(Value::String(text)))) => Some(
                text.parse::<Timestamp>()
                    .map_err(|_| bad(&format!("has an unreadable {field}")))?,
            ),
            _ => None,
        };
        Ok(Self {
            total_elements,
            total_pages: number(names.total_pages)?,
            current_page: number(names.current_page)?,
            snapshot,
        })
    }
}

/// The item id as text (any serializable id).
#[doc(hidden)]
pub fn id_text<T: serde::Serialize>(id: &T) -> Option<String> {
    match serde_json::to_value(id).ok()? {
        Value::Null => None,
        Value::String(text) => Some(text),
        other => Some(other.to_string()),
    }
}

/// Walks every page of a list operation. Set filters, ordering and the page size on the
/// builder first; the walk sets the page number and the snapshot itself.
pub trait Paginate<'a>: Paginated<'a> {
    /// Every page, in order, with [`DEFAULT_PREFETCH`] pages in flight.
    fn pages(self) -> BoxStream<'a, Result<Self::Output, Error>> {
        self.pages_with(PageOptions::default())
    }

    /// Every page, in order, walked as `options` says.
    fn pages_with(self, options: PageOptions) -> BoxStream<'a, Result<Self::Output, Error>>;

    /// Every item of every page, in order.
    fn items(self) -> BoxStream<'a, Result<Self::Item, Error>> {
        self.items_with(PageOptions::default())
    }

    /// Every item of every page, in order, walked as `options` says.
    fn items_with(self, options: PageOptions) -> BoxStream<'a, Result<Self::Item, Error>> {
        self.pages_with(options)
            .map_ok(|page| stream::iter(Self::into_page_items(page).into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

impl<'a, R: Paginated<'a>> Paginate<'a> for R {
    fn pages_with(self, options: PageOptions) -> BoxStream<'a, Result<R::Output, Error>> {
        let prefetch = options.prefetch.max(1);
        let template = self;
        let first = template.clone().with_page(1);
        stream::once(async move { first.call().await })
            .flat_map(move |first| match first.and_then(Walk::<R>::start) {
                Err(error) => stream::iter([Err(error)]).boxed(),
                Ok((walk, page)) => {
                    let snapshot = walk.info.snapshot.clone();
                    let template = template.clone();
                    // `start` checked that the total fits a u32 page number.
                    let last = u32::try_from(walk.info.total_pages).unwrap_or(0);
                    let rest = stream::iter(2..=last)
                        .map(move |number| {
                            let request = template.clone().with_page(number);
                            let request = match &snapshot {
                                Some(at) => request
                                    .clone()
                                    .with_snapshot(at.seconds(), at.nanos())
                                    .unwrap_or(request),
                                None => request,
                            };
                            async move {
                                // Page 1 went through with the caller's parameters; only what
                                // the walk sets from page 1's answer can be refused now.
                                request.call().await.map_err(|error| match error.details() {
                                    Kind::InvalidParameter { name, reason } => inconsistent(format!(
                                        "page {number} cannot be asked for with what page 1 said ({name}: {reason})"
                                    )),
                                    _ => error,
                                })
                            }
                        })
                        .buffered(prefetch)
                        .scan(Some(walk), |walk, result| {
                            // After the first error the walk is over: `None` ends the stream.
                            let outcome = match (walk.as_mut(), result) {
                                (None, _) => return futures::future::ready(None),
                                (Some(_), Err(error)) => Err(error),
                                (Some(state), Ok(page)) => state.check(page),
                            };
                            if outcome.is_err() {
                                *walk = None;
                            }
                            futures::future::ready(Some(outcome))
                        });
                    stream::once(async move { Ok(page) }).chain(rest).boxed()
                }
            })
            .boxed()
    }
}

/// What page 1 established, and what the walk has seen since.
pub(crate) struct Walk<R> {
    info: PageInfo,
    /// Items per full page, known from page 1.
    page_size: i128,
    next_page: i64,
    seen: HashSet<u64>,
    hasher: RandomState,
    _request: std::marker::PhantomData<fn() -> R>,
}

fn inconsistent(message: String) -> Error {
    Error::from(Kind::InconsistentPagination(crate::redact::printable(
        &message,
    )))
}

impl<'a, R: Paginated<'a>> Walk<R> {
    /// Checks page 1 and learns the walk's shape from it.
    pub(crate) fn start(page: R::Output) -> Result<(Self, R::Output), Error> {
        let info = R::page_info(&page)?;
        let count = i128::try_from(R::page_items(&page).len()).unwrap_or(i128::MAX);
        let (elements, pages, current) = (
            info.total_elements.map(i128::from),
            i128::from(info.total_pages),
            info.current_page,
        );
        if current != 1 {
            return Err(inconsistent(format!(
                "asked for page 1, got page {current}"
            )));
        }
        if pages < 0 || elements.is_some_and(|e| e < 0) {
            return Err(inconsistent(format!(
                "negative totals: {} elements in {pages} pages",
                elements.map_or("?".into(), |e| e.to_string())
            )));
        }
        if pages > i128::from(u32::MAX) {
            return Err(inconsistent(format!(
                "{pages} pages is more than a page number can address"
            )));
        }
        if pages > 1 && count == 0 {
            return Err(inconsistent(format!("page 1 of {pages} is empty")));
        }
        if let Some(elements) = elements {
            if (elements == 0) != (pages == 0) {
                return Err(inconsistent(format!(
                    "{elements} elements cannot fill {pages} pages"
                )));
            }
            if count > elements {
                return Err(inconsistent(format!(
                    "page 1 holds {count} items but the total is {elements}"
                )));
            }
            if pages > 1 && count * (pages - 1) >= elements {
                return Err(inconsistent(format!(
                    "{pages} pages of {count} items hold more than the {elements} reported"
                )));
            }
            if pages > 1 && count * pages < elements {
                return Err(inconsistent(format!(
                    "{pages} pages of {count} items cannot hold the {elements} reported"
                )));
            }
            if pages == 1 && count != elements {
                return Err(inconsistent(format!(
                    "the only page holds {count} items but the total is {elements}"
                )));
            }
        }
        let mut walk = Walk {
            info,
            page_size: count,
            next_page: 2,
            seen: HashSet::new(),
            hasher: RandomState::new(),
            _request: std::marker::PhantomData,
        };
        walk.remember(&page, 1)?;
        Ok((walk, page))
    }

    /// Checks page `next_page` against page 1.
    pub(crate) fn check(&mut self, page: R::Output) -> Result<R::Output, Error> {
        let number = self.next_page;
        let info = R::page_info(&page)?;
        if info.current_page != number {
            return Err(inconsistent(format!(
                "asked for page {number}, got page {}",
                info.current_page
            )));
        }
        let first = self.info.snapshot.as_ref().map(Timestamp::instant);
        if first.is_some() && info.snapshot.as_ref().map(Timestamp::instant) != first {
            return Err(inconsistent(format!(
                "page {number} reads snapshot {}, not page 1's",
                info.snapshot.as_ref().map_or("(none)", Timestamp::as_str)
            )));
        }
        if info.total_elements != self.info.total_elements
            || info.total_pages != self.info.total_pages
        {
            return Err(inconsistent(format!(
                "page {number} reports {} elements in {} pages; page 1 reported {} in {}",
                info.total_elements.map_or("?".into(), |e| e.to_string()),
                info.total_pages,
                self.info
                    .total_elements
                    .map_or("?".into(), |e| e.to_string()),
                self.info.total_pages
            )));
        }
        let count = i128::try_from(R::page_items(&page).len()).unwrap_or(i128::MAX);
        let pages = i128::from(self.info.total_pages);
        let expected = match self.info.total_elements.map(i128::from) {
            None => None,
            Some(total) if i128::from(number) == pages => {
                Some(total - (pages - 1) * self.page_size)
            }
            Some(_) => Some(self.page_size),
        };
        let short_page =
            expected.is_none() && i128::from(number) < pages && count != self.page_size;
        if expected.is_some_and(|e| e != count) || short_page {
            return Err(inconsistent(format!(
                "page {number} of {pages} holds {count} items, expected {}",
                expected.unwrap_or(self.page_size)
            )));
        }
        self.remember(&page, number)?;
        self.next_page += 1;
        Ok(page)
    }

    /// Rejects an item id seen before anywhere in the walk.
    fn remember(&mut self, page: &R::Output, number: i64) -> Result<(), Error> {
        for id in R::page_items(page).iter().filter_map(R::item_id) {
            let fingerprint = self.hasher.hash_one(&id);
            if !self.seen.insert(fingerprint) {
                return Err(inconsistent(format!(
                    "item {id} appears twice (page {number})"
                )));
            }
        }
        Ok(())
    }
}
