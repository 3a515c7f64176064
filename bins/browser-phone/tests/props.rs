//! Property tests of the guards: the E.164 check against its definition, the
//! allow-list, and the incoming-call routing parser (the rate limits are the shared
//! `twilio_app_auth::limit` mechanism, tested there and in `routes.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use browser_phone::{CallRouting, DestinationPolicy, Error, parse_e164};
use proptest::prelude::*;

/// E.164 as the docs define it: `+`, a non-zero digit, at most 15 digits in all.
fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (1..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

fn numberish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[+]?[0-9]{0,17}",
        "\\s{0,2}[+][1-9][0-9]{0,16}\\s{0,2}",
        "[+0-9 ()a-z#*-]{0,20}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn e164_matches_its_definition(s in numberish()) {
        let parsed = parse_e164("to", Some(&s));
        prop_assert_eq!(parsed.is_ok(), is_e164(s.trim()), "{:?}", s);
        if let Ok(n) = parsed {
            prop_assert_eq!(n.as_str(), s.trim());
        }
    }

    #[test]
    fn allow_list_only_passes_listed_prefixes(
        prefixes in prop::collection::vec("[+][1-9][0-9]{0,3}", 1..4),
        s in numberish(),
    ) {
        let policy = DestinationPolicy::new(&prefixes).unwrap();
        match policy.check("to", Some(&s)) {
            Ok(n) => {
                prop_assert!(is_e164(n.as_str()));
                prop_assert!(prefixes.iter().any(|p| n.as_str().starts_with(p.as_str())));
            }
            Err(Error::DestinationNotAllowed { number }) => {
                prop_assert!(is_e164(&number));
                prop_assert!(!prefixes.iter().any(|p| number.starts_with(p.as_str())));
            }
            Err(Error::InvalidNumber { field }) => {
                prop_assert_eq!(field, "to");
                prop_assert!(!is_e164(s.trim()));
            }
            Err(other) => prop_assert!(false, "unexpected {other}"),
        }
    }

    #[test]
    fn routing_parser_never_panics_and_round_trips(
        routes in prop::collection::vec(("[+][1-9][0-9]{1,11}", "[a-z]{1,8}"), 0..5),
        junk in any::<String>(),
    ) {
        let _ = CallRouting::new().parse_routes(&junk);
        let text: Vec<String> = routes.iter().map(|(n, u)| format!(" {n} = {u} ")).collect();
        let routing = CallRouting::new().parse_routes(&text.join(",")).unwrap();
        // Later entries for the same number win.
        for (n, _) in &routes {
            let last = routes.iter().rev().find(|(m, _)| m == n).map(|(_, u)| u.as_str());
            prop_assert_eq!(routing.user_for(Some(n)), last);
        }
    }
}
