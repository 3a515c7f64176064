//! Shared set-up for the browser phone's integration tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use browser_phone::{AppState, Config};
use twilio_webhook::Signer;

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";
pub const API_KEY_SID: &str = "SK0123456789abcdef0123456789abcdef";
pub const API_KEY_SECRET: &str = "test-api-key-secret";
pub const APP_SID: &str = "AP0123456789abcdef0123456789abcdef";
pub const PHONE_NUMBER: &str = "+15005550006";
pub const PUBLIC_BASE_URL: &str = "https://phone.example.com";
pub const PASSWORD: &str = twilio_testkit::app::PASSWORD;
/// A second Twilio number of the account, routed to bob.
pub const BOB_NUMBER: &str = "+15005550007";

/// `alice` and `bob` with [`PASSWORD`] (the `APP_USERS` line).
pub fn users_text() -> String {
    twilio_testkit::app::users_text().to_owned()
}

/// The test configuration, with `overrides` on top (an empty value removes a variable).
pub fn config(overrides: &[(&str, &str)]) -> Result<Config, browser_phone::Error> {
    let vars = twilio_testkit::app::vars(
        &[
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
            ("TWILIO_API_KEY_SID", API_KEY_SID),
            ("TWILIO_API_KEY_SECRET", API_KEY_SECRET),
            ("TWILIO_TWIML_APP_SID", APP_SID),
            ("TWILIO_PHONE_NUMBER", PHONE_NUMBER),
            ("PUBLIC_BASE_URL", PUBLIC_BASE_URL),
            ("ALLOWED_DESTINATION_PREFIXES", "+1,+44"),
            ("ALLOWED_DESTINATION_COUNTRIES", "US,GB"),
            ("INCOMING_CALL_DEFAULT_USER", "alice"),
            ("INCOMING_CALL_ROUTES", "+15005550007=bob"),
            ("SESSION_SECRET", "0123456789abcdef0123456789abcdef-test"),
            // Nothing listens here: a test that reaches Twilio by mistake gets a 502.
            ("TWILIO_API_BASE_URL", "http://127.0.0.1:9"),
        ],
        overrides,
    );
    Config::from_lookup(|name| vars.get(name).cloned())
}

pub fn state(overrides: &[(&str, &str)]) -> AppState {
    AppState::new(config(overrides).unwrap()).unwrap()
}

/// A `Cookie:` header value with a valid session for `user`.
pub fn session_cookie(state: &AppState, user: &str) -> String {
    twilio_testkit::app::session_cookie(state.auth(), user)
}

/// A form body and the `X-Twilio-Signature` Twilio would send for it to `path`.
pub fn signed_form(path: &str, params: &[(&str, &str)]) -> (String, String) {
    let url = format!("{PUBLIC_BASE_URL}{path}");
    let signature = Signer::new(AUTH_TOKEN).sign(&url, params);
    let body = form_urlencoded_body(params);
    (body, signature)
}

pub fn form_urlencoded_body(params: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

/// The params Twilio sends to the TwiML App's Voice URL when `identity` dials `number`
/// (shape from the captured request in the seed's README).
pub fn connect_params<'a>(
    identity_from: &'a str,
    number: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut params = vec![
        ("AccountSid", ACCOUNT_SID),
        ("ApiVersion", "2010-04-01"),
        ("ApplicationSid", APP_SID),
        ("CallSid", "CA0123456789abcdef0123456789abcdef"),
        ("CallStatus", "ringing"),
        ("Called", ""),
        ("Caller", identity_from),
        ("Direction", "inbound"),
        ("From", identity_from),
        ("To", ""),
    ];
    if let Some(n) = number {
        params.push(("phoneNumber", n));
    }
    params
}

/// An inbound PSTN call to `called`.
pub fn voice_params(called: &str) -> Vec<(&str, &str)> {
    vec![
        ("AccountSid", ACCOUNT_SID),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", "CA0123456789abcdef0123456789abcdef"),
        ("CallStatus", "ringing"),
        ("Called", called),
        ("Caller", "+14155550100"),
        ("Direction", "inbound"),
        ("From", "+14155550100"),
        ("FromCity", "SAN FRANCISCO"),
        ("FromCountry", "US"),
        ("To", called),
        ("ToCountry", "US"),
    ]
}
