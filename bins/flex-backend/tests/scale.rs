//! Two instances on one real `redis-server` (`REDIS_URL`): Twilio's verdict on a
//! token reached through one instance is known to the other, and Redis stopped mid-test refuses handshakes with 503
//! (never lets them through unbudgeted) until it is back, without a restart.
//! (Call routing and the stats lease: tests/two_instances.rs.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use twilio_testkit::process::RedisServer;
use twilio_testkit::wait;

/// How many token checks the IAM stub has answered.
async fn iam_calls(iam: &wiremock::MockServer) -> usize {
    iam.received_requests().await.unwrap().len()
}

#[actix_web::test]
async fn token_verdicts_are_shared_across_instances_and_redis_down_is_503() {
    let iam = iam_stub().await;
    let redis = RedisServer::start().unwrap();
    let socket = redis.socket().to_owned();
    let vars = [
        ("TWILIO_IAM_BASE_URL", iam.uri()),
        ("REDIS_URL", redis.url().to_owned()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (a, stop_a) = serve(&vars);
    let (b, stop_b) = serve(&vars);
    let attacker = [127, 0, 0, 21];

    // A forged token refused by Twilio through A is known to B: refused without
    // asking Twilio again.
    let forged = forged_token("forged-1");
    assert_eq!(handshake(a, attacker, &forged).await, 403);
    let asked = iam_calls(&iam).await;
    assert_eq!(asked, 1);
    assert_eq!(handshake(b, attacker, &forged).await, 403);
    assert_eq!(iam_calls(&iam).await, asked, "B asked Twilio again");
    // Garbage never reaches Twilio on either.
    assert_eq!(handshake(b, attacker, "eyJ.bad.sig").await, 403);
    assert_eq!(iam_calls(&iam).await, asked);
    // A valid token gets in on both.
    assert_eq!(handshake(a, [127, 0, 0, 22], ALICE_TOKEN).await, 101);
    assert_eq!(handshake(b, [127, 0, 0, 22], ALICE_TOKEN).await, 101);

    drop(redis);
    wait::until("A refuses with 503 while Redis is down", || async {
        handshake(a, [127, 0, 0, 23], BOB_TOKEN).await == 503
    })
    .await
    .unwrap();
    let _redis = RedisServer::start_at(&socket).unwrap();
    for server in [a, b] {
        wait::until("the instance reconnects", || async {
            handshake(server, [127, 0, 0, 23], BOB_TOKEN).await == 101
        })
        .await
        .unwrap();
    }
    stop_a.stop(false).await;
    stop_b.stop(false).await;
}
