//! Presence speed: the incoming-call decision (cache read) and durable updates.
//! Compared with the seed's Node algorithm by scripts/bench-presence.sh.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use twilio_presence::{
    EndpointId, Event, Identity, MemoryStore, Presence, RedisStore, SqliteStore, Store, Timestamp,
    UserState,
};

const USERS: u64 = 100;

fn connect(user: u64, endpoint: &str, at: u64) -> Event {
    Event::connected(
        Identity::new(&format!("user{user}")).unwrap(),
        EndpointId::new(endpoint).unwrap(),
        Timestamp::from_millis(at),
    )
}

/// A service with 100 users, each with two endpoints.
fn populated<S: Store>(rt: &tokio::runtime::Runtime, store: S) -> Presence {
    rt.block_on(async {
        let p = Presence::start(store).await.unwrap();
        for u in 0..USERS {
            p.apply(connect(u, "laptop", 1)).await.unwrap();
            p.apply(connect(u, "phone", 2)).await.unwrap();
        }
        p
    })
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut g = c.benchmark_group("presence");
    g.throughput(Throughput::Elements(1));

    let memory = populated(&rt, MemoryStore::new());
    g.bench_function("decision_lookup", |b| {
        let mut i = 0u64;
        b.iter(|| {
            i = (i + 1) % USERS;
            let name = format!("user{i}");
            black_box(memory.status(black_box(&name)))
        })
    });

    // The same read while another task writes as fast as it can (cache lock contention).
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (p, stop) = (memory.clone(), std::sync::Arc::clone(&stop));
        rt.spawn(async move {
            let mut t = 1_000_000u64;
            while !stop.load(Ordering::Relaxed) {
                t += 1;
                let _ = p.apply(connect(t % USERS, "laptop", t)).await;
            }
        })
    };
    g.bench_function("decision_lookup_under_writes", |b| {
        let mut i = 0u64;
        b.iter(|| {
            i = (i + 1) % USERS;
            let name = format!("user{i}");
            black_box(memory.status(black_box(&name)))
        })
    });
    stop.store(true, Ordering::Relaxed);
    rt.block_on(writer).unwrap();

    // The pure state machine: one event applied to one user's state.
    g.bench_function("state_apply", |b| {
        let mut state = UserState::new();
        state.apply(&connect(0, "laptop", 1));
        let mut at = 1u64;
        b.iter(|| {
            at += 1;
            black_box(state.apply(&connect(0, "laptop", at)))
        })
    });

    // A write that reaches the store each time (the event time moves forward).
    let at = AtomicU64::new(10);
    g.bench_function("update_memory", |b| {
        b.iter(|| {
            let t = at.fetch_add(1, Ordering::Relaxed);
            rt.block_on(memory.apply(connect(t % USERS, "laptop", t)))
                .unwrap()
        })
    });

    let dir = std::env::temp_dir().join(format!("presence-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = populated(&rt, SqliteStore::open(dir.join("bench.db")).unwrap());
    g.bench_function("update_sqlite", |b| {
        b.iter(|| {
            let t = at.fetch_add(1, Ordering::Relaxed);
            rt.block_on(sqlite.apply(connect(t % USERS, "laptop", t)))
                .unwrap()
        })
    });

    // Redis only when scripts/bench-presence.sh started one.
    if let Ok(url) = std::env::var("PRESENCE_BENCH_REDIS_URL") {
        let store = rt.block_on(RedisStore::connect(url)).unwrap();
        let redis = populated(&rt, store);
        g.bench_function("update_redis", |b| {
            b.iter(|| {
                let t = at.fetch_add(1, Ordering::Relaxed);
                rt.block_on(redis.apply(connect(t % USERS, "laptop", t)))
                    .unwrap()
            })
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
