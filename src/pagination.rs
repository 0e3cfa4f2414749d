//! Auto-pagination over `GET /v1/iam/oauth/tokens`: a stream of pages or of tokens.
//!
//! Page 1 is fetched first; its `pagination_info.first_request_timestamp` is sent back as
//! `page_params.first_request_timestamp.{seconds,nanos}` on every later page, so the whole walk
//! reads one snapshot. Once `total_pages` is known, up to `prefetch` pages are in flight at
//! once, and pages are yielded strictly in order (memory: at most `prefetch` pages).
//!
//! Every page is checked against page 1: its number, the snapshot, the totals, and its size.
//! A contradiction ends the stream with [`Error::InconsistentPagination`]: no guess, no loop,
//! no silent gap. Duplicates are looked for within a page and across neighbouring pages (where
//! an offset shift shows up) without keeping every id, so memory does not grow with the total.

use std::collections::HashSet;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::{Call, Error, builder, types};

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

/// Walks every page of a token listing. Set filters, ordering and the page size on the builder
/// first; the walk sets the page number and the snapshot timestamp itself.
pub trait ListTokensExt<'a> {
    /// Every page, in order, with [`DEFAULT_PREFETCH`] pages in flight.
    fn pages(self) -> BoxStream<'a, Result<types::TokenList, Error>>;
    /// Every page, in order, walked as `options` says.
    fn pages_with(self, options: PageOptions) -> BoxStream<'a, Result<types::TokenList, Error>>;
    /// Every token of every page, in order.
    fn tokens(self) -> BoxStream<'a, Result<types::Token, Error>>;
    /// Every token of every page, in order, walked as `options` says.
    fn tokens_with(self, options: PageOptions) -> BoxStream<'a, Result<types::Token, Error>>;
}

impl<'a> ListTokensExt<'a> for builder::ListTokens<'a> {
    fn pages(self) -> BoxStream<'a, Result<types::TokenList, Error>> {
        self.pages_with(PageOptions::default())
    }

    fn pages_with(self, options: PageOptions) -> BoxStream<'a, Result<types::TokenList, Error>> {
        let prefetch = options.prefetch.max(1);
        let request = self;
        let first = request.clone().page_params_page_number(1u32);
        stream::once(async move { first.call().await })
            .flat_map(move |first| match first.and_then(Walk::start) {
                Err(error) => stream::iter([Err(error)]).boxed(),
                Ok((walk, page)) => {
                    let snapshot = page.pagination_info.first_request_timestamp.clone();
                    let template = request.clone();
                    let rest = stream::iter(2..=walk.total_pages)
                        .map(move |number| {
                            template
                                .clone()
                                .page_params_page_number(number as u32)
                                .page_params_first_request_timestamp_seconds(snapshot.seconds())
                                .page_params_first_request_timestamp_nanos(snapshot.nanos())
                                .call()
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

    fn tokens(self) -> BoxStream<'a, Result<types::Token, Error>> {
        self.tokens_with(PageOptions::default())
    }

    fn tokens_with(self, options: PageOptions) -> BoxStream<'a, Result<types::Token, Error>> {
        self.pages_with(options)
            .map_ok(|page| stream::iter(page.tokens.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }
}

/// What page 1 established, and what the walk has seen since.
#[derive(Debug)]
struct Walk {
    total_elements: i64,
    total_pages: i64,
    snapshot: chrono::DateTime<chrono::Utc>,
    /// Tokens per full page, known from page 1 when there is more than one page.
    page_size: usize,
    next_page: i64,
    previous_ids: HashSet<uuid::Uuid>,
}

fn inconsistent(message: String) -> Error {
    Error::InconsistentPagination(message)
}

impl Walk {
    /// Checks page 1 and learns the walk's shape from it.
    fn start(page: types::TokenList) -> Result<(Self, types::TokenList), Error> {
        let info = &page.pagination_info;
        let (elements, pages, current) = (
            info.total_elements.get(),
            info.total_pages.get(),
            info.current_page.get(),
        );
        let count = page.tokens.len();
        if current != 1 {
            return Err(inconsistent(format!(
                "asked for page 1, got page {current}"
            )));
        }
        if elements < 0 || pages < 0 {
            return Err(inconsistent(format!(
                "negative totals: {elements} elements in {pages} pages"
            )));
        }
        if (elements == 0) != (pages == 0) {
            return Err(inconsistent(format!(
                "{elements} elements cannot fill {pages} pages"
            )));
        }
        if count as i64 > elements {
            return Err(inconsistent(format!(
                "page 1 holds {count} tokens but the total is {elements}"
            )));
        }
        if pages > 1 && count == 0 {
            return Err(inconsistent(format!("page 1 of {pages} is empty")));
        }
        if pages > 1 && (count as i64) * (pages - 1) >= elements {
            return Err(inconsistent(format!(
                "{pages} pages of {count} tokens hold more than the {elements} reported"
            )));
        }
        if pages > 1 && (count as i64) * pages < elements {
            return Err(inconsistent(format!(
                "{pages} pages of {count} tokens cannot hold the {elements} reported"
            )));
        }
        if pages > i64::from(u32::MAX) {
            return Err(inconsistent(format!(
                "{pages} pages is more than a page number can address"
            )));
        }
        if pages == 1 && count as i64 != elements {
            return Err(inconsistent(format!(
                "the only page holds {count} tokens but the total is {elements}"
            )));
        }
        let mut walk = Walk {
            total_elements: elements,
            total_pages: pages,
            snapshot: info.first_request_timestamp.instant(),
            page_size: count,
            next_page: 2,
            previous_ids: HashSet::new(),
        };
        walk.remember(&page, 1)?;
        Ok((walk, page))
    }

    /// Checks page `next_page` against page 1.
    fn check(&mut self, page: types::TokenList) -> Result<types::TokenList, Error> {
        let number = self.next_page;
        let info = &page.pagination_info;
        if info.current_page.get() != number {
            return Err(inconsistent(format!(
                "asked for page {number}, got page {}",
                info.current_page
            )));
        }
        if info.first_request_timestamp.instant() != self.snapshot {
            return Err(inconsistent(format!(
                "page {number} reads snapshot {}, not page 1's",
                info.first_request_timestamp
            )));
        }
        if info.total_elements.get() != self.total_elements
            || info.total_pages.get() != self.total_pages
        {
            return Err(inconsistent(format!(
                "page {number} reports {} elements in {} pages; page 1 reported {} in {}",
                info.total_elements, info.total_pages, self.total_elements, self.total_pages
            )));
        }
        let expected = if number == self.total_pages {
            (self.total_elements - (self.total_pages - 1) * self.page_size as i64) as usize
        } else {
            self.page_size
        };
        if page.tokens.len() != expected {
            return Err(inconsistent(format!(
                "page {number} of {} holds {} tokens, expected {expected}",
                self.total_pages,
                page.tokens.len()
            )));
        }
        self.remember(&page, number)?;
        self.next_page += 1;
        Ok(page)
    }

    /// Rejects a token seen twice on this page or on the one before it.
    fn remember(&mut self, page: &types::TokenList, number: i64) -> Result<(), Error> {
        let mut ids = HashSet::with_capacity(page.tokens.len());
        for token in &page.tokens {
            if !ids.insert(token.token_id) || self.previous_ids.contains(&token.token_id) {
                return Err(inconsistent(format!(
                    "token {} appears twice (page {number})",
                    token.token_id
                )));
            }
        }
        self.previous_ids = ids;
        Ok(())
    }
}
