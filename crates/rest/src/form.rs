//! Form bodies and query strings the way Twilio expects them: PascalCase keys, arrays
//! as repeated keys, booleans as `true`/`false`.

use std::borrow::Cow;
use std::fmt;

use crate::Secret;

/// An ordered list of key/value pairs, encoded as `application/x-www-form-urlencoded`.
///
/// A value added with [`Form::secret`] stays a [`Secret`] until encoded, so the
/// form's `Debug` never shows it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Form {
    pairs: Vec<(Cow<'static, str>, Value)>,
}

/// One value of a [`Form`].
#[derive(Clone, PartialEq, Eq)]
enum Value {
    Plain(String),
    Secret(Secret),
}

impl Value {
    fn as_str(&self) -> &str {
        match self {
            Value::Plain(value) => value,
            Value::Secret(secret) => secret.expose(),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Plain(value) => value.fmt(f),
            Value::Secret(secret) => secret.fmt(f),
        }
    }
}

impl fmt::Debug for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.pairs.iter()).finish()
    }
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one pair.
    pub fn push(
        &mut self,
        key: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> &mut Self {
        self.pairs.push((key.into(), Value::Plain(value.into())));
        self
    }

    /// Adds a secret pair (e.g. `SipAuthPassword`) when `value` is set: sent as is,
    /// shown as `Secret(***)` in `Debug`.
    pub fn secret(&mut self, key: &'static str, value: Option<&Secret>) -> &mut Self {
        if let Some(value) = value {
            self.pairs
                .push((Cow::Borrowed(key), Value::Secret(value.clone())));
        }
        self
    }

    /// Adds a pair when `value` is set.
    pub fn opt<V: ToString>(&mut self, key: &'static str, value: Option<&V>) -> &mut Self {
        if let Some(value) = value {
            self.pairs
                .push((Cow::Borrowed(key), Value::Plain(value.to_string())));
        }
        self
    }

    /// Adds one pair per value, all with the same key (Twilio's array encoding).
    pub fn repeated<V: ToString>(&mut self, key: &'static str, values: &[V]) -> &mut Self {
        for value in values {
            self.pairs
                .push((Cow::Borrowed(key), Value::Plain(value.to_string())));
        }
        self
    }

    /// The pairs in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// Whether no pair was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The urlencoded body.
    pub fn encode(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.pairs {
            out.append_pair(k, v.as_str());
        }
        out.finish()
    }
}

/// A request's parameters, as Twilio's form body or query string.
pub trait ToForm {
    /// Writes the parameters into `form`.
    fn write(&self, form: &mut Form);

    /// The parameters as a new form.
    fn to_form(&self) -> Form {
        let mut form = Form::new();
        self.write(&mut form);
        form
    }
}

/// Percent-encodes one path segment (a SID, a unique name, a map key).
pub(crate) fn segment(value: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(value, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_repeated_keys_in_order() {
        let mut form = Form::new();
        form.push("To", "+15005550006")
            .repeated("StatusCallbackEvent", &["initiated", "answered"])
            .opt::<bool>("Record", Some(&true))
            .opt::<u32>("Timeout", None);
        assert_eq!(
            form.encode(),
            "To=%2B15005550006&StatusCallbackEvent=initiated&StatusCallbackEvent=answered&Record=true"
        );
    }

    #[test]
    fn secrets_are_sent_but_never_shown() {
        let mut form = Form::new();
        form.push("SipAuthUsername", "alice")
            .secret("SipAuthPassword", Some(&Secret::new("hunter2-sip")))
            .secret("Other", None);
        assert_eq!(
            form.encode(),
            "SipAuthUsername=alice&SipAuthPassword=hunter2-sip"
        );
        let shown = format!("{form:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("\"SipAuthUsername\", \"alice\""), "{shown}");
    }

    #[test]
    fn segments_are_escaped() {
        assert_eq!(segment("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(segment("My-Doc_1.x~"), "My-Doc_1.x~");
    }
}
