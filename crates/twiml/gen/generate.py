"""Writes the macro tables of twilio-twiml from the facts that extract.py reads.

    python3 crates/twiml/gen/generate.py

Outputs (checked in, formatted by rustfmt afterwards):
  src/values.rs      value enums (closed sets with an `Other` variant) and LanguageCode
  src/voice.rs       one `element!` entry per VoiceResponse verb and noun
  src/messaging.rs   the same for MessagingResponse
  ../../tests/twiml_schema.json  what the differential test (workspace tests/) generates documents from
"""
import json, os, re, sys

sys.path.insert(0, os.path.dirname(__file__))
from extract import parse  # noqa: E402

CRATE = os.path.join(os.path.dirname(__file__), "..")

# Value sets (as sets, order-free) -> Rust enum name and doc.
ENUMS = {
    ("initiated", "ringing", "answered", "completed"): ("CallEvent", "A call progress event for `statusCallbackEvent`."),
    ("true", "false", "onEnter", "onExit"): ("ConferenceBeep", "When the conference beeps."),
    ("start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement"): ("ConferenceEvent", "A conference event for `statusCallbackEvent`."),
    ("large", "medium", "small", "off"): ("JitterBufferSize", "Conference jitter buffer size."),
    ("do-not-record", "record-from-start"): ("ConferenceRecord", "Whether a conference is recorded."),
    ("in-progress", "completed", "absent"): ("RecordingEvent", "A recording event for `recordingStatusCallbackEvent`."),
    ("us1", "us2", "ie1", "sg1", "br1", "au1", "jp1", "de1"): ("Region", "A Twilio region."),
    ("trim-silence", "do-not-trim"): ("Trim", "Whether silence is trimmed from a recording."),
    ("call-initiated", "call-ringing", "call-answered", "call-completed"): ("ConversationEvent", "A `<Conversation>` status callback event."),
    ("do-not-record", "record-from-answer", "record-from-ringing", "record-from-answer-dual", "record-from-ringing-dual", "true", "false"): ("ConversationRecord", "Whether a `<Conversation>` is recorded."),
    ("call-progress-event",): ("DialEvent", "A `<Dial events>` subscription."),
    ("do-not-record", "record-from-answer", "record-from-ringing", "record-from-answer-dual", "record-from-ringing-dual"): ("DialRecord", "Whether a `<Dial>` is recorded."),
    ("both", "inbound", "outbound"): ("RecordingTrack", "Which audio track is recorded."),
    ("dtmf", "speech"): ("GatherInput", "An input `<Gather>` accepts."),
    ("consumer-checking", "consumer-savings", "commercial-checking", "commercial-savings"): ("BankAccountType", "Bank account type for ACH payments."),
    ("dtmf",): ("PayInput", "An input `<Pay>` accepts."),
    ("ach-debit", "credit-card"): ("PaymentMethod", "Payment method of `<Pay>`."),
    ("GET", "POST"): ("Method", "HTTP method Twilio uses for a callback URL."),
    ("one-time", "reusable", "payment-method"): ("TokenType", "Type of payment token."),
    ("visa", "mastercard", "amex", "maestro", "discover", "optima", "jcb", "diners-club", "enroute"): ("CardType", "A payment card type."),
    ("timeout", "invalid-card-number", "invalid-card-type", "invalid-date", "invalid-security-code", "internal-error", "input-matching-failed"): ("PromptErrorType", "An error a `<Prompt>` applies to."),
    ("payment-card-number", "expiration-date", "security-code", "postal-code", "payment-processing", "bank-account-number", "bank-routing-number"): ("PromptFor", "The payment step a `<Prompt>` applies to."),
    ("mono", "dual"): ("RecordingChannels", "Mono or dual-channel recording."),
    ("rejected", "busy"): ("RejectReason", "Why a call is rejected."),
    ("inbound_track", "outbound_track", "both_tracks"): ("StreamTrack", "Which track is streamed, forked or transcribed."),
    ("none", "x-weak", "weak", "medium", "strong", "x-strong"): ("BreakStrength", "SSML `<break strength>`."),
    ("strong", "moderate", "reduced"): ("EmphasisLevel", "SSML `<emphasis level>`."),
    ("ipa", "x-sampa", "x-amazon-jyutping", "x-amazon-pinyin", "x-amazon-pron-kana", "x-amazon-yomigana"): ("PhonemeAlphabet", "SSML `<phoneme alphabet>`."),
    ("mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd"): ("SayAsFormat", "SSML `<say-as format>`."),
    ("characters", "spell-out", "cardinal", "number", "ordinal", "digits", "fraction", "unit", "date", "time", "address", "expletive", "telephone"): ("InterpretAs", "SSML `<say-as interpret-as>`."),
}
ENUM_BY_SET = {frozenset(k): (k, v) for k, v in ENUMS.items()}
ALIAS_NAMES = {"DialRingTone": ("RingTone", "Ringback tone (a country code) for `<Dial ringTone>`.")}
LANGUAGE_ALIASES = {"GatherLanguage", "SayLanguage", "PayLanguage", "SsmlLangXmlLang"}
RUST_KEYWORDS = {"for": "prompt_for", "loop": "loop_count", "break": "ssml_break", "type": "kind"}
BOOLEANS = {"boolean": "bool"}


def snake(name):
    s = re.sub(r"[-:]", "_", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()
    return RUST_KEYWORDS.get(s, s)


def variant(value):
    parts = re.split(r"[-_.\s]+", value)
    v = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if value.isupper():
        v = value[:1] + value[1:].lower()
    if v[:1].isdigit():
        v = "V" + v
    return v


def attr_type(name, ty, aliases, used_enums):
    """Maps a twilio-node attribute type to (Rust type, schema kind)."""
    is_list = ty.endswith("[]")
    base = ty[:-2] if is_list else ty
    if base == "string":
        if name.lower().endswith("method"):
            rust, kind = "Method", {"enum": ["GET", "POST"]}
            used_enums.add(("GET", "POST"))
        else:
            rust, kind = "String", "string"
    elif base == "boolean":
        rust, kind = "bool", "bool"
    elif base == "number":
        rust, kind = "u32", "u32"
    elif base == "SayVoice":
        rust, kind = "Voice", {"voice": aliases[base]}
    elif base in LANGUAGE_ALIASES:
        rust, kind = "LanguageCode", {"language": aliases[base]}
    else:
        if frozenset(aliases[base]) not in ENUM_BY_SET:
            name, doc = ALIAS_NAMES[base]
            ENUMS[tuple(aliases[base])] = (name, doc)
            ENUM_BY_SET[frozenset(aliases[base])] = (tuple(aliases[base]), (name, doc))
        key, (ename, _) = ENUM_BY_SET[frozenset(aliases[base])]
        used_enums.add(key)
        rust, kind = ename, {"enum": aliases[base]}
    if is_list:
        return f"Vec<{rust}>", {"list": kind}
    return rust, kind


def collect(kind):
    facts = parse(kind)
    # class -> (tag, text mode, attribute interface); merged over every parent method
    info = {}
    for cls, methods in facts["classes"].items():
        for meth, ent in methods.items():
            i = info.setdefault(ent["class"], {"tag": ent["tag"], "text": ent["text"], "attrs": None})
            if ent["attrs"]:
                i["attrs"] = ent["attrs"]
            if ent["text"] == "required":
                i["text"] = "required"
            elif ent["text"] and not i["text"]:
                i["text"] = ent["text"]
    return facts, info


def element_entry(cls, tag, text, attrs, children, facts, used_enums, schema, fields=""):
    out = [f"element! {{"]
    out.append(f"    /// The `<{tag}>` element (twilio-node `{cls}`).")
    mode = "required" if text == "required" else "none"
    out.append(f"    {cls} = \"{tag}\", text: {mode},")
    out.append("    attrs {")
    s_attrs = []
    attr_names = set()
    for name, ty, doc in attrs:
        rust, skind = attr_type(name, ty, facts["aliases"], used_enums)
        field = snake(name)
        attr_names.add(field)
        doc = doc.replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace(">", "&gt;")
        out.append(f"        /// `{name}`: {doc}")
        out.append(f"        {field}: {rust} = \"{name}\",")
        s_attrs.append([name, skind])
    out.append("    },")
    out.append(f"    children {cls}Child {{")
    s_children = []
    for meth, ent in children:
        m = snake(meth)
        if m in attr_names:
            m = "add_" + m
        out.append(f"        {ent['class']}({ent['class']}) = {m},")
        s_children.append({"tag": ent["tag"], "class": ent["class"], "method": meth})
    out.append("    },")
    out.append(f"    fields {{\n        {fields}\n    }}" if fields else "    fields {}")
    out.append("}")
    schema[cls] = {"tag": tag, "text": text, "attrs": s_attrs, "children": s_children}
    return "\n".join(out)


def module(kind, response_doc):
    facts, info = collect(kind)
    used = set()
    schema = {}
    entries = []
    top = facts["classes"][kind]
    children = [(m, e) for m, e in top.items() if e["class"] in info]
    entries.append(element_entry(kind, "Response", None, [], children, facts, used, schema,
                                 fields="/// Comments written before `<Response>` (after the XML declaration).\n        comments_before: Vec<String>,\n        /// Comments written after `</Response>`.\n        comments_after: Vec<String>,"))
    for cls in sorted(info):
        i = info[cls]
        attrs = facts["interfaces"].get(i["attrs"], []) if i["attrs"] else []
        kids = [(m, e) for m, e in facts["classes"].get(cls, {}).items()]
        entries.append(element_entry(cls, i["tag"], i["text"], attrs, kids, facts, used, schema))
    return facts, entries, used, schema


def write_values(used, languages, voices):
    out = ["//! Value types of TwiML attributes: closed sets as enums, each with an `Other`",
           "//! variant for values Twilio adds later. Generated by `gen/generate.py`.", "",
           "use crate::macros::{language_codes, value_enum};", ""]
    for key in sorted(used, key=lambda k: ENUMS[k][0]):
        name, doc = ENUMS[key]
        out.append("value_enum! {")
        out.append(f"    /// {doc}")
        out.append(f"    {name} {{")
        for v in key:
            out.append(f"        {variant(v)} = \"{v}\",")
        out.append("    }")
        out.append("}")
        out.append("")
    out.append("language_codes! {")
    for code in sorted(languages):
        out.append(f"    {re.sub(r'[^A-Za-z0-9]', '_', code).upper()} = \"{code}\",")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    header = ("//! {doc}\n//!\n//! The element tables below are generated by `gen/generate.py` from twilio-node's\n"
              "//! TwiML declarations (facts only: names, attributes, types, nesting).\n\n"
              "#![allow(clippy::doc_markdown)]\n\n"
              "use crate::macros::element;\n#[allow(unused_imports)]\nuse crate::values::*;\n#[allow(unused_imports)]\nuse crate::{{LanguageCode, Voice}};\n\n")
    used_all = set()
    languages = set()
    schema = {}
    for kind, file, doc in [("VoiceResponse", "voice.rs", "Voice TwiML: `<Response>` and every verb and noun of twilio-node's `VoiceResponse`."),
                            ("MessagingResponse", "messaging.rs", "Messaging TwiML: `<Response>` with `<Message>` (`<Body>`, `<Media>`) and `<Redirect>`.")]:
        facts, entries, used, sch = module(kind, doc)
        used_all |= used
        schema[kind] = sch
        for a in ["GatherLanguage", "SayLanguage", "PayLanguage", "SsmlLangXmlLang"]:
            languages |= set(facts["aliases"].get(a, []))
        with open(os.path.join(CRATE, "src", file), "w") as fh:
            fh.write(header.format(doc=doc) + "\n\n".join(entries) + "\n")
    with open(os.path.join(CRATE, "src/values.rs"), "w") as fh:
        fh.write(write_values(used_all, languages, None))
    with open(os.path.join(CRATE, "../../tests/twiml_schema.json"), "w") as fh:
        json.dump(schema, fh, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
