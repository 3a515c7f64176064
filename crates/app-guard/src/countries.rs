//! Which country an E.164 number belongs to: a table of calling codes (ITU-T E.164
//! assignments) for the countries the apps are likely to configure, and the NANP
//! area codes that are not the US mainland. A light table instead of the
//! `phonenumber` crate (which carries all of libphonenumber's metadata and a regex
//! engine): the policy only needs the country, never the number's format or type.

/// Calling code → ISO 3166 country. Codes are prefix-free (a longer code is never
/// the start of another assigned one), so the first match of the longest code wins.
const CALLING_CODES: &[(&str, &str)] = &[
    ("20", "EG"),
    ("27", "ZA"),
    ("30", "GR"),
    ("31", "NL"),
    ("32", "BE"),
    ("33", "FR"),
    ("34", "ES"),
    ("351", "PT"),
    ("352", "LU"),
    ("353", "IE"),
    ("354", "IS"),
    ("356", "MT"),
    ("357", "CY"),
    ("358", "FI"),
    ("359", "BG"),
    ("36", "HU"),
    ("370", "LT"),
    ("371", "LV"),
    ("372", "EE"),
    ("380", "UA"),
    ("381", "RS"),
    ("385", "HR"),
    ("386", "SI"),
    ("39", "IT"),
    ("40", "RO"),
    ("41", "CH"),
    ("420", "CZ"),
    ("421", "SK"),
    ("423", "LI"),
    ("43", "AT"),
    ("44", "GB"),
    ("45", "DK"),
    ("46", "SE"),
    ("47", "NO"),
    ("48", "PL"),
    ("49", "DE"),
    ("51", "PE"),
    ("52", "MX"),
    ("54", "AR"),
    ("55", "BR"),
    ("56", "CL"),
    ("57", "CO"),
    ("60", "MY"),
    ("61", "AU"),
    ("62", "ID"),
    ("63", "PH"),
    ("64", "NZ"),
    ("65", "SG"),
    ("66", "TH"),
    ("7", "RU"),
    ("81", "JP"),
    ("82", "KR"),
    ("84", "VN"),
    ("852", "HK"),
    ("86", "CN"),
    ("886", "TW"),
    ("90", "TR"),
    ("91", "IN"),
    ("92", "PK"),
    ("94", "LK"),
    ("971", "AE"),
    ("972", "IL"),
    ("966", "SA"),
    ("234", "NG"),
    ("254", "KE"),
];

/// NANP (+1) area codes of other countries and of US territories (the Caribbean
/// "one-ring" scams dial these: they look domestic and bill internationally).
const NANP_OTHER: &[(&str, &str)] = &[
    ("242", "BS"),
    ("246", "BB"),
    ("264", "AI"),
    ("268", "AG"),
    ("284", "VG"),
    ("340", "VI"),
    ("345", "KY"),
    ("441", "BM"),
    ("473", "GD"),
    ("649", "TC"),
    ("658", "JM"),
    ("664", "MS"),
    ("670", "MP"),
    ("671", "GU"),
    ("684", "AS"),
    ("721", "SX"),
    ("758", "LC"),
    ("767", "DM"),
    ("784", "VC"),
    ("787", "PR"),
    ("809", "DO"),
    ("829", "DO"),
    ("849", "DO"),
    ("868", "TT"),
    ("869", "KN"),
    ("876", "JM"),
    ("939", "PR"),
];

/// Canada's area codes (the rest of the NANP mainland is the US).
const NANP_CANADA: &[&str] = &[
    "204", "226", "236", "249", "250", "257", "263", "289", "306", "343", "354", "365", "367",
    "368", "382", "403", "416", "418", "428", "431", "437", "438", "450", "460", "468", "474",
    "506", "514", "519", "548", "579", "581", "584", "587", "600", "604", "613", "622", "639",
    "647", "672", "683", "705", "709", "742", "753", "778", "780", "782", "807", "819", "825",
    "867", "873", "879", "902", "905", "942",
];

/// The country of `digits` (an E.164 number without its `+`) and the length of the
/// prefix that decided it, or `None` when the table does not know the calling code.
pub(crate) fn country_of(digits: &str) -> Option<(&'static str, usize)> {
    if let Some(rest) = digits.strip_prefix('1') {
        let area = rest.get(..3)?;
        if let Some((_, country)) = NANP_OTHER.iter().find(|(code, _)| *code == area) {
            return Some((country, 4));
        }
        let country = if NANP_CANADA.contains(&area) {
            "CA"
        } else {
            "US"
        };
        return Some((country, 4));
    }
    CALLING_CODES
        .iter()
        .filter(|(code, _)| digits.starts_with(code))
        .max_by_key(|(code, _)| code.len())
        .map(|(code, country)| (*country, code.len()))
}

/// The table's own `&'static str` for `iso` (two upper-case letters), if it knows it.
pub(crate) fn canonical(iso: &str) -> Option<&'static str> {
    ["US", "CA"]
        .into_iter()
        .chain(CALLING_CODES.iter().map(|(_, c)| *c))
        .chain(NANP_OTHER.iter().map(|(_, c)| *c))
        .find(|c| *c == iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries() {
        assert_eq!(country_of("15551234567"), Some(("US", 4)));
        assert_eq!(country_of("14165551234"), Some(("CA", 4)));
        assert_eq!(country_of("18765551234"), Some(("JM", 4)));
        assert_eq!(country_of("447911123456"), Some(("GB", 2)));
        assert_eq!(country_of("35312345678"), Some(("IE", 3)));
        assert_eq!(country_of("74951234567"), Some(("RU", 1)));
        assert_eq!(country_of("8823456789"), None);
        assert_eq!(country_of("1"), None);
        assert_eq!(canonical("JM"), Some("JM"));
        assert_eq!(canonical("CA"), Some("CA"));
        assert_eq!(canonical("XX"), None);
    }

    #[test]
    fn calling_codes_are_prefix_free() {
        for (a, _) in CALLING_CODES {
            for (b, _) in CALLING_CODES {
                assert!(a == b || !b.starts_with(a), "{a} {b}");
            }
        }
    }
}
