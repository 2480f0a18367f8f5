//! The polite, bounded HTTP client: one request at a time (so one connection per host), a
//! delay between requests to the same host, robots.txt honoured, retries with backoff on
//! timeouts, broken connections and 5xx answers, conditional requests, size caps applied while
//! the body streams in, and HTML decoded from the charset the headers, a `<meta>` or a sniff
//! give.

use std::collections::HashMap;
use std::io::Read as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ureq::ResponseExt as _;

use super::FetchOptions;
use super::state::Validators;

/// What a page, feed or image request is for: it picks the size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A feed (or any HTML read whole): kept whole up to the HTML cap.
    Html,
    /// A page parsed for its links or article: read up to the HTML cap, but only its first
    /// [`MAX_HTML_BYTES`](crate::formats::html::MAX_HTML_BYTES) kept (no more is ever parsed),
    /// so a 20 MB page costs 8 MiB of memory, not 20 MB twice.
    Page,
    Image,
}

/// How much of a response may come ([`Caps::most`], else it fails) and how much of it is
/// kept (the rest is read and counted).
#[derive(Debug, Clone, Copy)]
struct Caps {
    most: u64,
    keep: u64,
}

impl Caps {
    /// Up to `most` bytes, all kept.
    fn whole(most: u64) -> Caps {
        Caps {
            most,
            keep: u64::MAX,
        }
    }
}

/// A response with a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    /// The body, or its first bytes for a [`Kind::Page`] ([`Body::dropped`] more came).
    pub bytes: Vec<u8>,
    /// Bytes of the body read past what was kept.
    pub dropped: u64,
    /// The address after redirects: relative links resolve against it.
    pub final_url: String,
    pub content_type: Option<String>,
    pub validators: Validators,
}

/// The answer to a request.
#[derive(Debug)]
pub(crate) enum Got {
    Body(Body),
    /// `304 Not Modified` to a conditional request.
    NotModified,
}

/// One exchange's answer: a response, or a redirect kanbao follows itself (so that a new
/// origin's robots.txt is read before anything is asked of it).
enum Exchange {
    Got(Got),
    /// A 3xx answer's `Location`, resolved against the address asked.
    Redirect(String),
}

/// Redirects followed for one request.
const MAX_REDIRECTS: usize = 5;

/// Why a source stopped before it was done (see [`Client::stop`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The source's total deadline passed.
    Deadline,
    /// The run wrote as many files as it may.
    Files,
    /// The run wrote as many editions as it may.
    Editions,
}

/// Why a request failed for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FetchError {
    /// The caller's cancel flag was set.
    Cancelled,
    /// robots.txt disallows the address (named: it may be a redirect's target) for kanbao.
    Robots(String),
    /// The source stopped (its deadline passed, or a per-run cap was reached): nothing more is
    /// asked of the network for it.
    Stopped,
    /// An HTTP status other than 2xx/304 (after retries for 5xx).
    Status(u16),
    /// Anything else: timeouts, refused connections, caps, bad addresses.
    Other(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Cancelled => write!(f, "cancelled"),
            FetchError::Robots(url) => write!(f, "disallowed by robots.txt: '{url}'"),
            FetchError::Stopped => write!(f, "not asked: the source stopped"),
            FetchError::Status(code) => write!(f, "HTTP {code}"),
            FetchError::Other(reason) => f.write_str(reason),
        }
    }
}

/// The client for one [`super::fetch_source`] call. Counters feed the report.
pub(crate) struct Client<'a> {
    agent: ureq::Agent,
    opts: &'a FetchOptions,
    cancel: &'a AtomicBool,
    /// When the last request to each host (`scheme://host:port`) ended.
    last_request: HashMap<String, Instant>,
    /// robots.txt per origin: `Ok(None)` when every path is allowed, `Err(reason)` when the
    /// site could not be reached at all (every request to it fails with that reason at once).
    robots: HashMap<String, Result<Option<texting_robots::Robot>, String>>,
    /// Origins whose last attempt could not connect at all (set by `get_once`).
    unreachable: std::collections::HashSet<String>,
    /// When the source's total deadline passes (`None`: too far to represent).
    source_end: Option<Instant>,
    /// Set once the source must stop: every later request fails with
    /// [`FetchError::Stopped`] without touching the network.
    pub stop: Option<Stop>,
    pub requests: usize,
    pub not_modified: usize,
    pub bytes_received: u64,
}

/// Progress callback for requests and retries.
pub(crate) type OnEvent<'p> = &'p mut dyn FnMut(super::Progress);

impl<'a> Client<'a> {
    /// A client for one source, which must be done within `deadline`.
    pub fn new(opts: &'a FetchOptions, deadline: Duration, cancel: &'a AtomicBool) -> Client<'a> {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are followed by `get`, which reads each new origin's robots.txt first.
            .max_redirects(0)
            .user_agent(opts.user_agent.as_str())
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_recv_response(Some(opts.read_timeout))
            .timeout_recv_body(Some(opts.read_timeout))
            .max_idle_connections_per_host(1)
            .build();
        Client {
            agent: config.new_agent(),
            opts,
            cancel,
            last_request: HashMap::new(),
            robots: HashMap::new(),
            unreachable: std::collections::HashSet::new(),
            source_end: Instant::now().checked_add(deadline),
            stop: None,
            requests: 0,
            not_modified: 0,
            bytes_received: 0,
        }
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// GETs `url`, conditionally when `validators` has any, checking robots.txt first; up to
    /// [`MAX_REDIRECTS`] redirects are followed, each new origin's robots.txt read before its
    /// address is asked. The whole request (redirects, retries and their waits included) ends
    /// by the request deadline and by the source's deadline.
    pub fn get(
        &mut self,
        url: &str,
        kind: Kind,
        validators: Option<&Validators>,
        on: OnEvent<'_>,
    ) -> Result<Got, FetchError> {
        if self.stop.is_some() {
            return Err(FetchError::Stopped);
        }
        let cap = match kind {
            Kind::Html => Caps::whole(self.opts.max_html_bytes),
            Kind::Page => Caps {
                most: self.opts.max_html_bytes,
                keep: crate::formats::html::MAX_HTML_BYTES as u64,
            },
            Kind::Image => Caps::whole(self.opts.max_image_bytes),
        };
        let end = self.request_end();
        let mut current = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            let origin = self.allowed_origin(&current, on)?;
            match self.get_with_retries(&current, &origin, cap, validators, end, on)? {
                Exchange::Got(got) => return Ok(got),
                Exchange::Redirect(next) => current = next,
            }
        }
        Err(FetchError::Other(format!(
            "more than {MAX_REDIRECTS} redirects: not followed further"
        )))
    }

    /// The origin of `url` once its robots.txt (read the first time the origin is met) allows
    /// `url`; a refusal names the address.
    fn allowed_origin(&mut self, url: &str, on: OnEvent<'_>) -> Result<String, FetchError> {
        let parsed = url::Url::parse(url)
            .map_err(|err| FetchError::Other(format!("not an address: {err}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::Other(format!(
                "'{}' addresses are not fetched",
                parsed.scheme()
            )));
        }
        let origin = parsed.origin().ascii_serialization();
        if !self.robots.contains_key(&origin) {
            let robot = self.load_robots(&origin, on);
            if self.stop.is_some() {
                return Err(FetchError::Stopped);
            }
            self.robots.insert(origin.clone(), robot);
        }
        match self.robots.get(&origin) {
            Some(Err(reason)) => Err(FetchError::Other(reason.clone())),
            Some(Ok(Some(robot))) if !robot.allowed(url) => Err(FetchError::Robots(url.to_owned())),
            _ => Ok(origin),
        }
    }

    /// When a request begun now must be over: the request deadline, or the source's if that
    /// comes first.
    fn request_end(&self) -> Instant {
        let own = Instant::now().checked_add(self.opts.limits.request_deadline);
        match (own, self.source_end) {
            (Some(own), Some(source)) => own.min(source),
            (Some(end), None) | (None, Some(end)) => end,
            // Both beyond what an Instant holds: a year is as good as forever.
            (None, None) => Instant::now() + Duration::from_secs(365 * 86_400),
        }
    }

    /// Whether the source's deadline has passed; marks the stop when it has.
    fn past_source_deadline(&mut self) -> bool {
        if self.source_end.is_some_and(|end| Instant::now() >= end) {
            self.stop.get_or_insert(Stop::Deadline);
            return true;
        }
        false
    }

    /// robots.txt of `origin`: missing (4xx) allows everything; a 5xx answer, a timeout or a
    /// broken response disallows everything for this run (RFC 9309 § 2.3.1), as does a site
    /// that cannot be reached at all (refused, no such host, TLS, connect timeout): `Err`
    /// with the reason, which every request to the site then reports.
    fn load_robots(
        &mut self,
        origin: &str,
        on: OnEvent<'_>,
    ) -> Result<Option<texting_robots::Robot>, String> {
        let agent = "kanbao";
        let end = self.request_end();
        let mut url = format!("{origin}/robots.txt");
        let mut answer = Err(FetchError::Other("too many redirects".to_owned()));
        // robots.txt's own redirects are followed (RFC 9309 § 2.3.1.2) without a robots check.
        for _ in 0..=MAX_REDIRECTS {
            answer =
                match self.get_with_retries(&url, origin, Caps::whole(512 * 1024), None, end, on) {
                    Ok(Exchange::Redirect(next)) => {
                        url = next;
                        continue;
                    }
                    Ok(Exchange::Got(got)) => Ok(got),
                    Err(err) => Err(err),
                };
            break;
        }
        match answer {
            Ok(Got::Body(body)) => Ok(texting_robots::Robot::new(agent, &body.bytes).ok()),
            Ok(Got::NotModified)
            | Err(FetchError::Status(400..=499) | FetchError::Cancelled | FetchError::Stopped) => {
                Ok(None)
            }
            Err(FetchError::Other(reason)) if self.unreachable.remove(origin) => Err(reason),
            // RFC 9309 § 2.3.1.4: a robots.txt that fails (5xx, timeouts, broken answers)
            // means nothing is fetched from the site this run; the message says why.
            Err(FetchError::Status(code)) => Err(format!(
                "robots.txt answered HTTP {code}; nothing is fetched from a site whose robots.txt fails (RFC 9309); try again later"
            )),
            Err(FetchError::Other(reason)) => Err(format!(
                "{reason}, reading robots.txt; nothing is fetched from a site whose robots.txt cannot be read (RFC 9309)"
            )),
            Err(FetchError::Robots(_)) => {
                Ok(texting_robots::Robot::new(agent, b"User-agent: *\nDisallow: /\n").ok())
            }
        }
    }

    /// One address, retried on timeouts, broken connections and 5xx answers, all by `end`.
    fn get_with_retries(
        &mut self,
        url: &str,
        origin: &str,
        cap: Caps,
        validators: Option<&Validators>,
        end: Instant,
        on: OnEvent<'_>,
    ) -> Result<Exchange, FetchError> {
        let mut attempt = 0;
        loop {
            self.wait_turn(origin)?;
            let Some(left) = end
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())
            else {
                return Err(self.out_of_time(""));
            };
            on(super::Progress::Request {
                url: url.to_owned(),
            });
            self.requests += 1;
            let result = self.get_once(url, cap, validators, left);
            self.last_request.insert(origin.to_owned(), Instant::now());
            if let Err(Attempt::Unreachable(_)) = &result {
                self.unreachable.insert(origin.to_owned());
            }
            let (retryable, reason) = match &result {
                Err(Attempt::Retry(reason)) => (true, reason.clone()),
                _ => (false, String::new()),
            };
            if retryable && Instant::now() >= end {
                return Err(self.out_of_time(&reason));
            }
            if !retryable || attempt >= self.opts.retries {
                return result.map_err(|err| match err {
                    Attempt::Retry(reason) if attempt > 0 => {
                        FetchError::Other(format!("{reason} (after {attempt} retries)"))
                    }
                    Attempt::Retry(reason)
                    | Attempt::Fatal(reason)
                    | Attempt::Unreachable(reason) => FetchError::Other(reason),
                    Attempt::Status(code) => FetchError::Status(code),
                });
            }
            attempt += 1;
            let wait = self.opts.retry_backoff * 2u32.saturating_pow(attempt - 1);
            if Instant::now() + wait >= end {
                return Err(self.out_of_time(&reason));
            }
            on(super::Progress::Retry {
                url: url.to_owned(),
                attempt,
                reason,
                wait,
            });
            self.sleep(wait)?;
        }
    }

    /// A request that ran out of time: the source stops when its own deadline passed;
    /// otherwise the request failed by the request deadline (`reason`: the last attempt's).
    fn out_of_time(&mut self, reason: &str) -> FetchError {
        if self.past_source_deadline() {
            return FetchError::Stopped;
        }
        let secs = self.opts.limits.request_deadline.as_secs_f64();
        if reason.is_empty() {
            FetchError::Other(format!(
                "no complete answer within the {secs:.0} s request deadline"
            ))
        } else {
            FetchError::Other(format!(
                "no complete answer within the {secs:.0} s request deadline ({reason})"
            ))
        }
    }

    /// The pause between two requests to `url`'s site: the configured delay or the site's
    /// robots.txt `Crawl-delay` (up to 60 s), whichever is longer (once robots.txt was read).
    pub fn delay_for(&self, url: &str) -> Duration {
        let origin = url::Url::parse(url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        self.opts.delay.max(self.crawl_delay(&origin))
    }

    fn crawl_delay(&self, origin: &str) -> Duration {
        self.robots
            .get(origin)
            .and_then(|r| r.as_ref().ok().and_then(Option::as_ref))
            .and_then(|r| r.delay)
            .filter(|d| d.is_finite() && *d > 0.0)
            .map_or(Duration::ZERO, |d| Duration::from_secs_f32(d.min(60.0)))
    }

    /// Sleeps until `delay` (or the host's robots.txt crawl delay) has passed since the last
    /// request to `origin`.
    fn wait_turn(&mut self, origin: &str) -> Result<(), FetchError> {
        if self.cancelled() {
            return Err(FetchError::Cancelled);
        }
        let delay = self.opts.delay.max(self.crawl_delay(origin));
        if let Some(last) = self.last_request.get(origin)
            && let Some(left) = delay.checked_sub(last.elapsed())
        {
            self.sleep(left)?;
        }
        Ok(())
    }

    /// Sleeps in short slices so a cancel is seen within 50 ms; a sleep that would pass the
    /// source's deadline stops the source there.
    fn sleep(&mut self, total: Duration) -> Result<(), FetchError> {
        let end = Instant::now() + total;
        loop {
            if self.cancelled() {
                return Err(FetchError::Cancelled);
            }
            if self.past_source_deadline() {
                return Err(FetchError::Stopped);
            }
            let now = Instant::now();
            if now >= end {
                return Ok(());
            }
            std::thread::sleep((end - now).min(Duration::from_millis(50)));
        }
    }

    /// One exchange, over by `left` (head and body).
    fn get_once(
        &mut self,
        url: &str,
        cap: Caps,
        validators: Option<&Validators>,
        left: Duration,
    ) -> Result<Exchange, Attempt> {
        let mut request = self
            .agent
            .get(url)
            .config()
            .timeout_global(Some(left))
            .build();
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header("If-None-Match", etag.as_str());
            }
            if let Some(modified) = &v.last_modified {
                request = request.header("If-Modified-Since", modified.as_str());
            }
        }
        let connect_secs = self.opts.connect_timeout.as_secs_f64();
        let response = request
            .call()
            .map_err(|err| classify(err, connect_secs, url.starts_with("https:")))?;
        let status = response.status().as_u16();
        if status == 304 {
            self.not_modified += 1;
            return Ok(Exchange::Got(Got::NotModified));
        }
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or(Attempt::Status(status))?;
            let next = url::Url::parse(url)
                .and_then(|base| base.join(location.trim()))
                .map_err(|err| {
                    Attempt::Fatal(format!("a redirect to '{location}', not an address: {err}"))
                })?;
            return Ok(Exchange::Redirect(next.to_string()));
        }
        if status >= 500 {
            return Err(Attempt::Retry(format!("HTTP {status}")));
        }
        if !(200..300).contains(&status) {
            return Err(Attempt::Status(status));
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header("content-type");
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let encoding = header("content-encoding").unwrap_or_default();
        let final_url = response.get_uri().to_string();
        let length = header("content-length")
            .and_then(|l| l.trim().parse::<u64>().ok())
            .filter(|_| encoding.is_empty());
        if let Some(length) = length
            && length > cap.most
        {
            return Err(Attempt::Fatal(format!(
                "the response is {length} bytes, more than the {}-byte cap",
                cap.most
            )));
        }
        // Sized by the declared length (within what is kept) rather than grown by doubling, so
        // a 20 MB feed holds 20 MB, not 32.
        let mut bytes = Vec::with_capacity(
            length.map_or(0, |l| usize::try_from(l.min(cap.keep) + 1).unwrap_or(0)),
        );
        // ureq decodes gzip and br itself; deflate (which it does not ask for) is decoded here.
        let reader = response.into_body().into_reader();
        let read = if encoding.eq_ignore_ascii_case("deflate") {
            read_capped(flate2::read::ZlibDecoder::new(reader), cap, &mut bytes)
        } else {
            read_capped(reader, cap, &mut bytes)
        };
        let dropped = *read.as_ref().unwrap_or(&0);
        self.bytes_received += bytes.len() as u64 + dropped;
        read?;
        Ok(Exchange::Got(Got::Body(Body {
            bytes,
            dropped,
            final_url,
            content_type,
            validators,
        })))
    }
}

/// One attempt's failure: worth retrying, a final status, hopeless, or a site that cannot
/// be reached at all (not retried: the answer would be the same).
enum Attempt {
    Retry(String),
    Status(u16),
    Fatal(String),
    Unreachable(String),
}

/// A ureq error → what to do and what to tell people. Refused connections, unknown hosts,
/// TLS failures and connect timeouts are told apart and not retried. `https`: the address
/// is one, so bytes that are not TLS (rustls reports them as invalid data inside an I/O
/// error) are a TLS failure.
fn classify(err: ureq::Error, connect_secs: f64, https: bool) -> Attempt {
    use std::io::ErrorKind;
    match err {
        ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
            Attempt::Unreachable(format!(
                "connection timed out: no answer within {connect_secs:.0} s"
            ))
        }
        ureq::Error::Timeout(which) => Attempt::Retry(format!("timed out ({which})")),
        ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => Attempt::Unreachable(
            "connection refused: nothing answers at this address and port".to_owned(),
        ),
        // The system resolver's failure comes as an uncategorised I/O error with this text
        // (std's wording for a getaddrinfo error), not as `HostNotFound`.
        ureq::Error::Io(io) if io.to_string().starts_with("failed to lookup address") => {
            Attempt::Unreachable(format!(
                "DNS lookup failed: the host name is not known (a typo, or no network): {io}"
            ))
        }
        ureq::Error::Io(io) if https && io.kind() == ErrorKind::InvalidData => {
            Attempt::Unreachable(format!(
                "TLS failure: the site did not answer in TLS ({io}); is it an http:// address?"
            ))
        }
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => {
            Attempt::Retry(format!("timed out: {io}"))
        }
        ureq::Error::Io(io) => Attempt::Retry(format!("connection failed: {io}")),
        ureq::Error::ConnectionFailed => Attempt::Retry("connection failed".to_owned()),
        ureq::Error::HostNotFound => Attempt::Unreachable(
            "DNS lookup failed: the host name is not known (a typo, or no network)".to_owned(),
        ),
        ureq::Error::Tls(reason) => Attempt::Unreachable(format!("TLS failure: {reason}")),
        ureq::Error::Rustls(err) => Attempt::Unreachable(format!(
            "TLS failure: {err} (the site's certificate or TLS setup was refused)"
        )),
        ureq::Error::TooManyRedirects => {
            Attempt::Fatal("more than 5 redirects: not followed further".to_owned())
        }
        other => Attempt::Fatal(other.to_string()),
    }
}

/// Reads at most `cap.most` bytes, keeping the first `cap.keep` in `out` and counting the rest
/// (returned); one byte more than `most` means the body is over the cap, and reading stops
/// there (so a body that never ends costs what is kept, at most).
fn read_capped(reader: impl std::io::Read, cap: Caps, out: &mut Vec<u8>) -> Result<u64, Attempt> {
    let mut limited = reader.take(cap.most.saturating_add(1));
    let kept = (&mut limited).take(cap.keep).read_to_end(out);
    let counted = kept.and_then(|_| std::io::copy(&mut limited, &mut std::io::sink()));
    let total = out.len() as u64 + *counted.as_ref().unwrap_or(&0);
    match counted {
        Ok(_) if total > cap.most => {
            let most = cap.most;
            out.truncate(usize::try_from(most).unwrap_or(usize::MAX));
            Err(Attempt::Fatal(format!(
                "the response is larger than the {most}-byte cap; not read further"
            )))
        }
        Ok(dropped) => Ok(dropped),
        Err(err) => {
            let timeout = err
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<ureq::Error>())
                .is_some_and(|e| matches!(e, ureq::Error::Timeout(_)));
            if timeout || matches!(err.kind(), std::io::ErrorKind::TimedOut) {
                Err(Attempt::Retry(format!("timed out reading the body: {err}")))
            } else {
                Err(Attempt::Retry(format!("reading the body failed: {err}")))
            }
        }
    }
}

/// Decodes an HTML page: the charset in `Content-Type`, else a `<meta charset>` or
/// `http-equiv` declaration in the first 1024 bytes, else UTF-8 when the bytes are valid UTF-8,
/// else chardetng's guess (GBK and GB18030 pages are common). `gb2312` decodes as GBK, its
/// superset, as browsers do.
pub(crate) fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(1024)]))
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim().as_bytes()));
    let encoding = match declared {
        Some(enc) => enc,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        }
    };
    encoding.decode(bytes).0.into_owned()
}

fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// The charset of `<meta charset="gbk">` or `<meta http-equiv=… content="text/html;
/// charset=gb2312">` in an HTML head (ASCII-compatible bytes only).
fn meta_charset(head: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(head)
        .ok()
        .or_else(|| std::str::from_utf8(&head[..valid_prefix(head)]).ok())?;
    let lower = text.to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let rest = &text[at..];
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The length of the longest ASCII prefix (a GBK page's head is ASCII up to its title).
fn valid_prefix(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page keeps its first bytes and counts the rest; over the cap is an error either way.
    #[test]
    fn a_body_keeps_what_is_asked_and_counts_the_rest() {
        let body = vec![b'x'; 100];
        let read = |most, keep| {
            let mut out = Vec::new();
            let got = read_capped(body.as_slice(), Caps { most, keep }, &mut out);
            (got.ok(), out.len())
        };
        assert_eq!(read(1000, u64::MAX), (Some(0), 100));
        assert_eq!(read(1000, 10), (Some(90), 10));
        assert_eq!(read(100, 100), (Some(0), 100));
        assert_eq!(read(99, 10).0, None, "over the cap");
        assert_eq!(read(99, u64::MAX), (None, 99));
    }

    #[test]
    fn charsets_from_header_meta_and_sniffing() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>人民日报要闻版今日出版</p>");
        assert_eq!(
            decode_html(&gbk, Some("text/html; charset=GB2312")),
            "<p>人民日报要闻版今日出版</p>"
        );
        let mut with_meta = b"<html><head><meta charset=\"gbk\"><title>".to_vec();
        with_meta.extend_from_slice(&gbk);
        assert!(decode_html(&with_meta, None).contains("人民日报要闻版"));
        let mut http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">".to_vec();
        http_equiv.extend_from_slice(&gbk);
        assert!(decode_html(&http_equiv, Some("text/html")).contains("人民日报要闻版"));
        assert!(decode_html(&gbk, None).contains("人民日报"));
        assert_eq!(decode_html("中文".as_bytes(), None), "中文");
    }
}
