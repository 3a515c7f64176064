//! Unit tests: escaping, forbidden characters, nesting, escape hatch, parse errors,
//! round trips.

use crate::messaging::{Body, Media, Message};
use crate::voice::{
    Client, Dial, DialChild, Gather, Number, Pause, Say, SayChild, SsmlBreak, VoiceResponse,
    VoiceResponseChild,
};
use crate::{CallEvent, Element, Error, GatherInput, MessagingResponse, Method, Node, Voice};

const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

fn voice(body: &str) -> String {
    format!("{DECL}<Response>{body}</Response>")
}

#[test]
fn empty_response_is_self_closed() {
    assert_eq!(
        VoiceResponse::new().to_xml().unwrap(),
        format!("{DECL}<Response/>")
    );
    assert_eq!(
        MessagingResponse::new().to_xml().unwrap(),
        format!("{DECL}<Response/>")
    );
}

#[test]
fn text_escaping_follows_xmlbuilder() {
    let xml = VoiceResponse::new()
        .say(Say::new("a & b < c > d \" e ' f\tg\nh\ri"))
        .to_xml()
        .unwrap();
    assert_eq!(
        xml,
        voice("<Say>a &amp; b &lt; c &gt; d \" e ' f\tg\nh&#xD;i</Say>")
    );
}

#[test]
fn attribute_escaping_follows_xmlbuilder() {
    let xml = VoiceResponse::new()
        .redirect(
            crate::voice::Redirect::new("u").attribute("x", "a & b < c > d \" e ' f\tg\nh\ri"),
        )
        .to_xml()
        .unwrap();
    assert_eq!(
        xml,
        voice(r#"<Redirect x="a &amp; b &lt; c > d &quot; e ' f&#x9;g&#xA;h&#xD;i">u</Redirect>"#)
    );
}

#[test]
fn forbidden_characters_are_typed_errors() {
    for c in [
        '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{E}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
    ] {
        let text = VoiceResponse::new()
            .say(Say::new(format!("a{c}b")))
            .to_xml();
        assert!(
            matches!(text, Err(Error::InvalidCharacter { character, context: "text" }) if character == c),
            "{c:?}: {text:?}"
        );
        let attr = VoiceResponse::new()
            .say(Say::new("x").voice(Voice::Other(format!("{c}"))))
            .to_xml();
        assert!(
            matches!(
                attr,
                Err(Error::InvalidCharacter {
                    context: "attribute value",
                    ..
                })
            ),
            "{c:?}: {attr:?}"
        );
    }
    // Allowed: tab, newline, carriage return, DEL, the BOM, U+FFFD, astral planes.
    let ok = VoiceResponse::new().say(Say::new("\t\n\r\u{7F}\u{FEFF}\u{FFFD}\u{10FFFF}😀"));
    assert!(ok.to_xml().is_ok());
}

#[test]
fn comments() {
    let doc = VoiceResponse::new()
        .comment_before("before")
        .child(VoiceResponseChild::Comment("inside".into()))
        .comment_after("after");
    assert_eq!(
        doc.to_xml().unwrap(),
        format!("{DECL}<!-- before --><Response><!-- inside --></Response><!-- after -->")
    );
    assert_eq!(
        VoiceResponse::from_xml(&doc.to_xml().unwrap()).unwrap(),
        doc
    );
    let bad = VoiceResponse::new().comment_after("a--b").to_xml();
    assert!(matches!(bad, Err(Error::InvalidComment(_))));
    let control = VoiceResponse::new().comment_before("\u{1}").to_xml();
    assert!(matches!(
        control,
        Err(Error::InvalidCharacter {
            context: "comment",
            ..
        })
    ));
}

#[test]
fn typed_values_render_as_twilio_node_stringifies_them() {
    let xml = VoiceResponse::new()
        .gather(
            Gather::new()
                .input([GatherInput::Dtmf, GatherInput::Speech])
                .num_digits(0u32)
                .timeout(4_294_967_295u32)
                .barge_in(false)
                .method(Method::Post)
                .pause(Pause::new().length(2u32)),
        )
        .to_xml()
        .unwrap();
    assert_eq!(
        xml,
        voice(
            r#"<Gather bargeIn="false" input="dtmf speech" method="POST" numDigits="0" timeout="4294967295"><Pause length="2"/></Gather>"#
        )
    );
}

#[test]
fn attributes_are_written_in_declaration_order() {
    // Set in reverse order; written in twilio-node's declaration order.
    let xml = VoiceResponse::new()
        .say(
            Say::new("hi")
                .voice(Voice::polly("Joanna"))
                .loop_count(2u32)
                .language("en-US"),
        )
        .to_xml()
        .unwrap();
    assert_eq!(
        xml,
        voice(r#"<Say language="en-US" loop="2" voice="Polly.Joanna">hi</Say>"#)
    );
    assert_eq!(Say::ATTRIBUTES, ["language", "loop", "voice"]);
}

#[test]
fn empty_list_and_empty_string_attributes_are_kept() {
    let dial = Dial::new().client(
        Client::new()
            .status_callback_event(Vec::<CallEvent>::new())
            .url(""),
    );
    let doc = VoiceResponse::new().dial(dial);
    let xml = doc.to_xml().unwrap();
    assert_eq!(
        xml,
        voice(r#"<Dial><Client statusCallbackEvent="" url=""/></Dial>"#)
    );
    assert_eq!(VoiceResponse::from_xml(&xml).unwrap(), doc);
}

#[test]
fn unknown_enum_values_use_other() {
    let doc = VoiceResponse::new().dial(
        Dial::new().client(
            Client::new()
                .status_callback_event([CallEvent::Answered, CallEvent::Other("future".into())]),
        ),
    );
    let xml = doc.to_xml().unwrap();
    assert!(xml.contains(r#"statusCallbackEvent="answered future""#));
    assert_eq!(VoiceResponse::from_xml(&xml).unwrap(), doc);
    assert_eq!(Method::from("PATCH"), Method::Other("PATCH".into()));
    assert_eq!(Method::from("GET"), Method::Get);
}

#[test]
fn nesting_uses_per_parent_enums() {
    let dial = Dial::new()
        .number(Number::new("+15551230000"))
        .child(Client::new().text("bob"));
    assert!(matches!(dial.children[0], DialChild::Number(_)));
    assert!(matches!(dial.children[1], DialChild::Client(_)));
    let say = Say::new("Hello")
        .ssml_break(SsmlBreak::new().time("1s"))
        .text(" world");
    assert!(matches!(
        &say.children[..],
        [SayChild::Text(_), SayChild::SsmlBreak(_), SayChild::Text(_)]
    ));
}

#[test]
fn text_is_merged_and_empty_text_skipped() {
    let say = Say::new("a").text("b").text("");
    assert_eq!(say.children, vec![SayChild::Text("ab".into())]);
    assert_eq!(
        VoiceResponse::new().say(Say::new("")).to_xml().unwrap(),
        voice("<Say/>")
    );
}

#[test]
fn escape_hatch_elements_and_attributes() {
    let say = Say::new("Hi ")
        .custom(
            Element::new("amazon:effect")
                .attr("name", "whispered")
                .text("there"),
        )
        .attribute("data-x", "1");
    let doc = VoiceResponse::new()
        .say(say)
        .custom(Element::new("Future").attr("a", "b"));
    let xml = doc.to_xml().unwrap();
    assert_eq!(
        xml,
        voice(
            r#"<Say data-x="1">Hi <amazon:effect name="whispered">there</amazon:effect></Say><Future a="b"/>"#
        )
    );
    // Parsing keeps unknown elements and attributes.
    let parsed = VoiceResponse::from_xml(&xml).unwrap();
    assert_eq!(parsed, doc);
    let VoiceResponseChild::Say(say) = &parsed.children[0] else {
        panic!()
    };
    assert_eq!(
        say.extra_attributes,
        vec![("data-x".to_owned(), "1".to_owned())]
    );
    assert!(matches!(&parsed.children[1], VoiceResponseChild::Custom(e) if e.name == "Future"));
}

#[test]
fn escape_hatch_is_checked() {
    let dup = VoiceResponse::new()
        .say(Say::new("x").voice(Voice::Alice).attribute("voice", "man"))
        .to_xml();
    assert!(matches!(dup, Err(Error::DuplicateAttribute { .. })));
    let twice = VoiceResponse::new()
        .say(Say::new("x").attribute("a", "1").attribute("a", "2"))
        .to_xml();
    assert!(matches!(twice, Err(Error::DuplicateAttribute { .. })));
    let name = VoiceResponse::new().custom(Element::new("1bad")).to_xml();
    assert!(matches!(name, Err(Error::InvalidName(n)) if n == "1bad"));
    let attr = VoiceResponse::new()
        .say(Say::new("x").attribute("a b", "1"))
        .to_xml();
    assert!(matches!(attr, Err(Error::InvalidName(_))));
}

#[test]
fn parse_errors_are_typed() {
    assert!(matches!(
        VoiceResponse::from_xml("<Response><Say></Response>"),
        Err(Error::Syntax { .. })
    ));
    assert!(matches!(
        VoiceResponse::from_xml(""),
        Err(Error::Syntax { .. })
    ));
    assert!(matches!(
        VoiceResponse::from_xml("<Response/><Response/>"),
        Err(Error::Syntax { .. })
    ));
    assert!(matches!(
        VoiceResponse::from_xml("<Response>&bogus;</Response>"),
        Err(Error::Syntax { .. })
    ));
    assert!(matches!(
        VoiceResponse::from_xml("<Response>&#1;</Response>"),
        Err(Error::Syntax { .. })
    ));
    assert!(matches!(
        VoiceResponse::from_xml("<Response>\u{1}</Response>"),
        Err(Error::Syntax { .. })
    ));
    assert!(matches!(
        VoiceResponse::from_xml("<!DOCTYPE x><Response/>"),
        Err(Error::Syntax { .. })
    ));
    assert!(
        matches!(VoiceResponse::from_xml("<Other/>"), Err(Error::UnexpectedRoot(r)) if r == "Other")
    );
    let bad = VoiceResponse::from_xml(r#"<Response><Pause length="soon"/></Response>"#);
    assert!(matches!(
        bad,
        Err(Error::InvalidAttributeValue { element: "Pause", attribute: "length", ref value }) if value == "soon"
    ));
    let bad_bool = VoiceResponse::from_xml(r#"<Response><Gather bargeIn="yes"/></Response>"#);
    assert!(matches!(bad_bool, Err(Error::InvalidAttributeValue { .. })));
}

#[test]
fn parse_resolves_references_and_keeps_whitespace() {
    let doc = VoiceResponse::from_xml(
        "<?xml version=\"1.0\"?>\n<Response>\n  <Say>a &amp; &#x41;&#66; <![CDATA[<b>]]></Say>\n</Response>\n",
    )
    .unwrap();
    assert_eq!(doc.children.len(), 3);
    let VoiceResponseChild::Say(say) = &doc.children[1] else {
        panic!()
    };
    assert_eq!(say.children, vec![SayChild::Text("a & AB <b>".into())]);
    assert_eq!(doc.children[0], VoiceResponseChild::Text("\n  ".into()));
    // XML 1.0 attribute-value normalization; escaped characters survive.
    let doc = VoiceResponse::from_xml("<Response><Say x=\"a\tb\nc&#x9;d\">t\r\nu</Say></Response>")
        .unwrap();
    let VoiceResponseChild::Say(say) = &doc.children[0] else {
        panic!()
    };
    assert_eq!(
        say.extra_attributes,
        vec![("x".to_owned(), "a b c\td".to_owned())]
    );
    assert_eq!(say.children, vec![SayChild::Text("t\nu".into())]);
}

#[test]
fn round_trip_of_a_rich_document() {
    let doc = VoiceResponse::new()
        .comment_before("generated")
        .say(
            Say::new("Welcome")
                .voice(Voice::google("en-US-Standard-C"))
                .language(crate::LanguageCode::EN_GB),
        )
        .gather(
            Gather::new()
                .action("/menu")
                .input([GatherInput::Speech])
                .say(
                    Say::new("Press 1")
                        .ssml_break(SsmlBreak::new().strength(crate::BreakStrength::Strong)),
                ),
        )
        .dial(
            Dial::new()
                .caller_id("+15550000000")
                .record(crate::DialRecord::RecordFromAnswerDual)
                .client(
                    Client::new()
                        .text("alice")
                        .status_callback("https://x/cb?a=1&b=2"),
                ),
        );
    let xml = doc.to_xml().unwrap();
    assert_eq!(VoiceResponse::from_xml(&xml).unwrap(), doc);
    assert_eq!(xml.parse::<VoiceResponse>().unwrap(), doc);
}

#[test]
fn fmt_and_io_writers_match_to_xml() {
    let doc = VoiceResponse::new().say(Say::new("hi & bye"));
    let mut s = String::from("prefix:");
    doc.write_to(&mut s).unwrap();
    assert_eq!(s, format!("prefix:{}", doc.to_xml().unwrap()));
    let mut bytes = Vec::new();
    doc.write_io(&mut bytes).unwrap();
    assert_eq!(bytes, doc.to_xml().unwrap().into_bytes());
}

#[test]
fn messaging_document() {
    let doc = MessagingResponse::new()
        .message(
            Message::new("")
                .to("+15551112222")
                .child(Body::new("Hi"))
                .media(Media::new("https://x/a.png")),
        )
        .redirect(crate::messaging::Redirect::new("/next").method(Method::Get));
    let xml = doc.to_xml().unwrap();
    assert_eq!(
        xml,
        format!(
            r#"{DECL}<Response><Message to="+15551112222"><Body>Hi</Body><Media>https://x/a.png</Media></Message><Redirect method="GET">/next</Redirect></Response>"#
        )
    );
    assert_eq!(MessagingResponse::from_xml(&xml).unwrap(), doc);
}

#[test]
fn generic_document_round_trip() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?><!-- a --><Response><x:y k="v&amp;"><!-- c -->t</x:y></Response><!-- b -->"#;
    let doc = crate::Document::from_xml(xml).unwrap();
    assert_eq!(doc.comments_before, vec!["a".to_owned()]);
    assert_eq!(doc.comments_after, vec!["b".to_owned()]);
    let Node::Element(e) = &doc.root.children[0] else {
        panic!()
    };
    assert_eq!(e.attributes, vec![("k".to_owned(), "v&".to_owned())]);
    assert_eq!(doc.to_xml().unwrap(), xml);
}

#[cfg(feature = "actix")]
#[test]
fn actix_responder_sends_text_xml() {
    use actix_web::Responder;
    use actix_web::body::MessageBody;
    use actix_web::http::header::CONTENT_TYPE;
    let doc = VoiceResponse::new().say(Say::new("hi"));
    let req = actix_web::test::TestRequest::default().to_http_request();
    let resp = doc.clone().respond_to(&req);
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers().get(CONTENT_TYPE).unwrap(), "text/xml");
    let body = resp.into_body().try_into_bytes().unwrap();
    assert_eq!(body, doc.to_xml().unwrap().as_bytes());
    let bad = VoiceResponse::new().say(Say::new("\u{1}")).respond_to(&req);
    assert_eq!(bad.status(), 500);
}
