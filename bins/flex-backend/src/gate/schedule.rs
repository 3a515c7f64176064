//! Who gets the next IAM check: the order of handshakes waiting for the budget of
//! new tokens, as a state machine without I/O (time is passed in). One task owns
//! it (`gate.rs`); the tests below drive it directly.
//!
//! * **Classes**, served strictly in this order: [`Class::Trusted`] networks (a
//!   valid token was seen from there recently), [`Class::Unknown`], then
//!   [`Class::Suspect`] (IAM refused a token from there recently).
//! * **Round-robin** across the networks of a class: each network with waiters
//!   gets one check in turn, so one network's flood cannot starve another's.
//! * **Bounded queues**: at most [`Bounds::per_network`] waiters per network (more
//!   are refused at once) and [`Bounds::waiting`] overall. When everything is full,
//!   a newcomer takes the place of the newest waiter of the longest queue in a
//!   lower class, or in its own class when that queue is longer than its own
//!   network's by two or more; otherwise it is refused.
//! * **Budget**: at most [`Bounds::per_window`] grants in each window of
//!   [`Bounds::window`] (fixed windows, one starts at the first grant after the
//!   previous one ended), and none before [`Schedule::block_until`] (the budget
//!   shared with other instances said so).
//! * **In flight**: at most [`Bounds::running_per_address`] checks per address
//!   (a waiter whose address is at that bound is refused when its turn comes) and
//!   [`Bounds::running`] overall (no grant until one ends).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::Duration;

use tokio::time::Instant;

/// How much a network is trusted, in the order classes are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Class {
    /// A valid token was seen from this network recently.
    Trusted = 0,
    /// Neither.
    Unknown = 1,
    /// IAM refused a token from this network recently (and none was valid).
    Suspect = 2,
}

const CLASSES: [Class; 3] = [Class::Trusted, Class::Unknown, Class::Suspect];

/// Why a waiter is refused (a 429 naming it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Its network already has [`Bounds::per_network`] waiters.
    NetworkQueueFull,
    /// [`Bounds::waiting`] waiters, none of lower priority to give way.
    QueueFull,
    /// A waiter of higher priority (or of a network with fewer waiters) took its place.
    Displaced,
    /// Its address has [`Bounds::running_per_address`] checks in flight.
    AddressBusy,
}

/// The numbers a [`Schedule`] keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bounds {
    /// Grants per window (the IAM budget for new tokens).
    pub(crate) per_window: u64,
    /// The budget's window.
    pub(crate) window: Duration,
    /// Waiters per network.
    pub(crate) per_network: usize,
    /// Waiters overall.
    pub(crate) waiting: usize,
    /// Checks in flight per address.
    pub(crate) running_per_address: usize,
    /// Checks in flight overall.
    pub(crate) running: usize,
}

/// What the owner of a [`Schedule`] should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// A grant is possible now.
    Now,
    /// Waiters wait for the budget until then.
    At(Instant),
    /// Nothing to do until a request arrives or a check ends.
    Idle,
}

/// The next waiter's fate.
#[derive(Debug)]
pub(crate) enum Pick<W> {
    /// Its check may start (one unit of budget spent, one check in flight for
    /// `addr` until [`Schedule::finished`]).
    Grant(W, IpAddr),
    /// Refused when its turn came (no budget spent).
    Refuse(W, Refusal),
}

#[derive(Debug)]
struct Waiter<W> {
    addr: IpAddr,
    item: W,
}

/// The waiters of one class: each network's queue, and the networks' turn.
#[derive(Debug)]
struct ClassQueue<W> {
    /// Networks with waiters, the next to be served first.
    turn: VecDeque<IpAddr>,
    queues: HashMap<IpAddr, VecDeque<Waiter<W>>>,
}

impl<W> Default for ClassQueue<W> {
    fn default() -> Self {
        Self {
            turn: VecDeque::new(),
            queues: HashMap::new(),
        }
    }
}

impl<W> ClassQueue<W> {
    fn len_of(&self, net: IpAddr) -> usize {
        self.queues.get(&net).map_or(0, VecDeque::len)
    }

    fn push(&mut self, net: IpAddr, waiter: Waiter<W>) {
        let queue = self.queues.entry(net).or_default();
        if queue.is_empty() {
            self.turn.push_back(net);
        }
        queue.push_back(waiter);
    }

    /// The first waiter of the network whose turn it is; the network goes to the
    /// back of the turn while it has waiters.
    fn pop_front(&mut self) -> Option<(IpAddr, Waiter<W>)> {
        while let Some(net) = self.turn.pop_front() {
            let Some(queue) = self.queues.get_mut(&net) else {
                continue;
            };
            let Some(waiter) = queue.pop_front() else {
                self.queues.remove(&net);
                continue;
            };
            if queue.is_empty() {
                self.queues.remove(&net);
            } else {
                self.turn.push_back(net);
            }
            return Some((net, waiter));
        }
        None
    }

    /// The network with the most waiters (the first in turn among equals).
    fn longest(&self) -> Option<(IpAddr, usize)> {
        let mut best: Option<(IpAddr, usize)> = None;
        for net in &self.turn {
            let len = self.len_of(*net);
            if best.is_none_or(|(_, l)| len > l) {
                best = Some((*net, len));
            }
        }
        best
    }

    /// Takes the newest waiter of `net`.
    fn pop_back(&mut self, net: IpAddr) -> Option<Waiter<W>> {
        let queue = self.queues.get_mut(&net)?;
        let waiter = queue.pop_back();
        if queue.is_empty() {
            self.queues.remove(&net);
            self.turn.retain(|n| *n != net);
        }
        waiter
    }

    /// Keeps the waiters for which `keep` holds; the networks whose waiters went,
    /// with how many each.
    fn retain(&mut self, mut keep: impl FnMut(&W) -> bool) -> Vec<(IpAddr, usize)> {
        let mut gone = Vec::new();
        for (net, queue) in &mut self.queues {
            let before = queue.len();
            queue.retain(|w| keep(&w.item));
            if queue.len() < before {
                gone.push((*net, before - queue.len()));
            }
        }
        self.queues.retain(|_, q| !q.is_empty());
        let queues = &self.queues;
        self.turn.retain(|n| queues.contains_key(n));
        gone
    }
}

/// The waiting handshakes, the budget and the checks in flight.
#[derive(Debug)]
pub(crate) struct Schedule<W> {
    bounds: Bounds,
    classes: [ClassQueue<W>; 3],
    /// Waiters per network, all classes together.
    per_network: HashMap<IpAddr, usize>,
    waiting: usize,
    /// Checks in flight per address.
    running: HashMap<IpAddr, usize>,
    running_total: usize,
    /// The current budget window: its start and the grants in it.
    window_start: Option<Instant>,
    used: u64,
    blocked_until: Option<Instant>,
}

impl<W> Schedule<W> {
    pub(crate) fn new(bounds: Bounds) -> Self {
        Self {
            bounds,
            classes: Default::default(),
            per_network: HashMap::new(),
            waiting: 0,
            running: HashMap::new(),
            running_total: 0,
            window_start: None,
            used: 0,
            blocked_until: None,
        }
    }

    fn class_mut(&mut self, class: Class) -> &mut ClassQueue<W> {
        match class {
            Class::Trusted => &mut self.classes[0],
            Class::Unknown => &mut self.classes[1],
            Class::Suspect => &mut self.classes[2],
        }
    }

    fn class(&self, class: Class) -> &ClassQueue<W> {
        match class {
            Class::Trusted => &self.classes[0],
            Class::Unknown => &self.classes[1],
            Class::Suspect => &self.classes[2],
        }
    }

    /// Waiters overall.
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        self.waiting
    }

    /// Queues `item` from `addr` in `net` with `class`. `Ok` may carry the waiter
    /// that gave way (to be refused with [`Refusal::Displaced`]); `Err` gives `item`
    /// back with the reason it is refused at once.
    pub(crate) fn enqueue(
        &mut self,
        net: IpAddr,
        addr: IpAddr,
        class: Class,
        item: W,
    ) -> Result<Option<W>, (W, Refusal)> {
        if self.per_network.get(&net).copied().unwrap_or(0) >= self.bounds.per_network {
            return Err((item, Refusal::NetworkQueueFull));
        }
        let displaced = if self.waiting >= self.bounds.waiting {
            match self.victim(class, net) {
                Some((victim_class, victim_net)) => self.remove_newest(victim_class, victim_net),
                None => return Err((item, Refusal::QueueFull)),
            }
        } else {
            None
        };
        self.class_mut(class).push(net, Waiter { addr, item });
        *self.per_network.entry(net).or_insert(0) += 1;
        self.waiting += 1;
        Ok(displaced)
    }

    /// Whose place a newcomer of `class` from `net` takes when all are full: the
    /// longest queue of the lowest class below it, or of its own class when that
    /// queue has at least two more waiters than `net` there.
    fn victim(&self, class: Class, net: IpAddr) -> Option<(Class, IpAddr)> {
        for lower in CLASSES.iter().rev().filter(|c| **c > class) {
            if let Some((victim, _)) = self.class(*lower).longest() {
                return Some((*lower, victim));
            }
        }
        let own = self.class(class);
        own.longest()
            .filter(|(victim, len)| *victim != net && *len >= own.len_of(net) + 2)
            .map(|(victim, _)| (class, victim))
    }

    fn remove_newest(&mut self, class: Class, net: IpAddr) -> Option<W> {
        let waiter = self.class_mut(class).pop_back(net)?;
        self.forget_waiters(net, 1);
        Some(waiter.item)
    }

    fn forget_waiters(&mut self, net: IpAddr, n: usize) {
        self.waiting = self.waiting.saturating_sub(n);
        if let Some(count) = self.per_network.get_mut(&net) {
            *count = count.saturating_sub(n);
            if *count == 0 {
                self.per_network.remove(&net);
            }
        }
    }

    /// Drops the waiters for which `keep` is false (they went away).
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&W) -> bool) {
        let mut gone = Vec::new();
        for class in &mut self.classes {
            gone.extend(class.retain(&mut keep));
        }
        for (net, n) in gone {
            self.forget_waiters(net, n);
        }
    }

    /// The budget is spent until `at` whatever this schedule counted (another
    /// instance spent it).
    pub(crate) fn block_until(&mut self, at: Instant) {
        self.blocked_until = Some(self.blocked_until.map_or(at, |b| b.max(at)));
    }

    /// When the budget next has room: `now` or later.
    fn budget_at(&self, now: Instant) -> Instant {
        let mut at = now;
        if let Some(start) = self.window_start {
            let end = start + self.bounds.window;
            if now < end && self.used >= self.bounds.per_window {
                at = end;
            }
        }
        match self.blocked_until {
            Some(blocked) => at.max(blocked),
            None => at,
        }
    }

    /// What to do next.
    pub(crate) fn wake(&self, now: Instant) -> Wake {
        if self.waiting == 0 || self.running_total >= self.bounds.running {
            return Wake::Idle;
        }
        let at = self.budget_at(now);
        if at <= now { Wake::Now } else { Wake::At(at) }
    }

    /// The next waiter in priority order, without deciding anything (for answering
    /// it when the budget cannot be asked).
    pub(crate) fn take_next(&mut self) -> Option<(W, IpAddr)> {
        for class in CLASSES {
            if let Some((net, waiter)) = self.class_mut(class).pop_front() {
                self.forget_waiters(net, 1);
                return Some((waiter.item, waiter.addr));
            }
        }
        None
    }

    /// The next waiter's fate, in priority order: a grant when the budget and the
    /// checks in flight allow one now, a refusal when its address has too many
    /// checks in flight; `None` when nobody waits or no grant is possible now.
    pub(crate) fn pop(&mut self, now: Instant) -> Option<Pick<W>> {
        if self.wake(now) != Wake::Now {
            return None;
        }
        let (item, addr) = self.take_next()?;
        let mine = self.running.get(&addr).copied().unwrap_or(0);
        if mine >= self.bounds.running_per_address {
            return Some(Pick::Refuse(item, Refusal::AddressBusy));
        }
        if self
            .window_start
            .is_none_or(|start| now >= start + self.bounds.window)
        {
            self.window_start = Some(now);
            self.used = 0;
        }
        self.used += 1;
        *self.running.entry(addr).or_insert(0) += 1;
        self.running_total += 1;
        Some(Pick::Grant(item, addr))
    }

    /// A granted check from `addr` ended.
    pub(crate) fn finished(&mut self, addr: IpAddr) {
        if let Some(n) = self.running.get_mut(&addr) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.running.remove(&addr);
            }
            self.running_total = self.running_total.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDS: Bounds = Bounds {
        per_window: 2,
        window: Duration::from_secs(1),
        per_network: 8,
        waiting: 256,
        running_per_address: 4,
        running: 64,
    };

    fn net(a: u8, b: u8) -> IpAddr {
        IpAddr::from([10, a, b, 0])
    }

    fn addr(a: u8, b: u8, host: u8) -> IpAddr {
        IpAddr::from([10, a, b, host])
    }

    /// Grants the next waiter (a refusal fails the test).
    fn grant(s: &mut Schedule<String>, now: Instant) -> Option<String> {
        match s.pop(now)? {
            Pick::Grant(item, addr) => {
                s.finished(addr);
                Some(item)
            }
            Pick::Refuse(item, why) => panic!("{item} refused: {why:?}"),
        }
    }

    #[test]
    fn a_trusted_network_goes_before_a_thousand_queued_forgeries() {
        let mut s = Schedule::new(Bounds {
            waiting: 2_000,
            ..BOUNDS
        });
        // 1 000 forged handshakes from 125 networks, unknown and suspect.
        for i in 0..1_000_u16 {
            let [a, b] = (i / 8).to_be_bytes();
            let class = if i % 2 == 0 {
                Class::Unknown
            } else {
                Class::Suspect
            };
            let queued = s.enqueue(net(a, b), addr(a, b, 1), class, format!("forged{i}"));
            assert!(matches!(queued, Ok(None)), "{i}");
        }
        assert_eq!(s.waiting(), 1_000);
        let agent = net(200, 1);
        assert!(matches!(
            s.enqueue(agent, addr(200, 1, 7), Class::Trusted, "agent".into()),
            Ok(None)
        ));
        let t0 = Instant::now();
        assert_eq!(s.wake(t0), Wake::Now);
        assert_eq!(grant(&mut s, t0).as_deref(), Some("agent"));
        // Then the unknown networks, before any suspect one.
        let next = grant(&mut s, t0).unwrap_or_default();
        let n: usize = next.trim_start_matches("forged").parse().unwrap_or(1);
        assert_eq!(n % 2, 0, "{next}");
    }

    #[test]
    fn when_all_is_full_a_higher_class_takes_the_place_of_a_lower_one() {
        let mut s = Schedule::new(BOUNDS);
        // 256 suspect waiters from 256 networks fill every place.
        for i in 0..256_u16 {
            let [a, b] = i.to_be_bytes();
            assert!(matches!(
                s.enqueue(net(a, b), addr(a, b, 1), Class::Suspect, format!("s{i}")),
                Ok(None)
            ));
        }
        // Another suspect network gives way to nobody (no queue is longer than its
        // own by two); an unknown or trusted one takes a suspect's place.
        let full = s.enqueue(net(100, 0), addr(100, 0, 1), Class::Suspect, "s".into());
        assert!(matches!(full, Err((_, Refusal::QueueFull))), "{full:?}");
        let unknown = s.enqueue(net(101, 0), addr(101, 0, 1), Class::Unknown, "u".into());
        assert!(matches!(unknown, Ok(Some(_))), "{unknown:?}");
        let trusted = s.enqueue(net(102, 0), addr(102, 0, 1), Class::Trusted, "t".into());
        assert!(matches!(trusted, Ok(Some(_))), "{trusted:?}");
        assert_eq!(s.waiting(), 256);
        let now = Instant::now();
        assert_eq!(grant(&mut s, now).as_deref(), Some("t"));
        assert_eq!(grant(&mut s, now).as_deref(), Some("u"));
    }

    #[test]
    fn a_network_with_few_waiters_displaces_the_longest_queue_of_its_class() {
        let mut s = Schedule::new(Bounds {
            waiting: 10,
            ..BOUNDS
        });
        for i in 0..8 {
            assert!(
                s.enqueue(net(1, 0), addr(1, 0, 1), Class::Unknown, format!("a{i}"))
                    .is_ok()
            );
        }
        for i in 0..2 {
            assert!(
                s.enqueue(net(2, 0), addr(2, 0, 1), Class::Unknown, format!("b{i}"))
                    .is_ok()
            );
        }
        let c = s.enqueue(net(3, 0), addr(3, 0, 1), Class::Unknown, "c".into());
        assert_eq!(c.ok().flatten().as_deref(), Some("a7"));
    }

    #[test]
    fn networks_take_turns_within_a_class() {
        let mut s = Schedule::new(Bounds {
            per_window: 100,
            ..BOUNDS
        });
        for i in 0..8 {
            assert!(
                s.enqueue(net(1, 0), addr(1, 0, 9), Class::Unknown, format!("a{i}"))
                    .is_ok()
            );
        }
        for i in 0..2 {
            assert!(
                s.enqueue(net(2, 0), addr(2, 0, 9), Class::Unknown, format!("b{i}"))
                    .is_ok()
            );
        }
        let now = Instant::now();
        let order: Vec<String> = std::iter::from_fn(|| grant(&mut s, now)).collect();
        assert_eq!(
            order,
            ["a0", "b0", "a1", "b1", "a2", "a3", "a4", "a5", "a6", "a7"]
        );
    }

    #[test]
    fn a_network_queue_is_bounded() {
        let mut s = Schedule::new(BOUNDS);
        for i in 0..8 {
            // Addresses of one /24 share its queue.
            assert!(
                s.enqueue(net(1, 0), addr(1, 0, i), Class::Trusted, format!("a{i}"))
                    .is_ok()
            );
        }
        let ninth = s.enqueue(net(1, 0), addr(1, 0, 9), Class::Trusted, "a9".into());
        assert!(matches!(ninth, Err((_, Refusal::NetworkQueueFull))));
        assert!(matches!(
            s.enqueue(net(2, 0), addr(2, 0, 1), Class::Suspect, "b".into()),
            Ok(None)
        ));
        // Served waiters make room again.
        assert!(grant(&mut s, Instant::now()).is_some());
        assert!(
            s.enqueue(net(1, 0), addr(1, 0, 9), Class::Trusted, "a9".into())
                .is_ok()
        );
        // Waiters that went away free their places too.
        s.retain(|item| !item.starts_with('a'));
        assert_eq!(s.waiting(), 1);
    }

    #[test]
    fn the_budget_is_never_exceeded() {
        let mut s = Schedule::new(BOUNDS);
        let t0 = Instant::now();
        let mut grants = Vec::new();
        // Ten seconds in steps of 7 ms, a forged handshake from a new network every
        // step and a trusted one every 100 steps.
        for step in 0..1_430_u32 {
            let now = t0 + Duration::from_millis(7 * u64::from(step));
            let [_, _, a, b] = step.to_be_bytes();
            let class = if step % 100 == 0 {
                Class::Trusted
            } else {
                Class::Unknown
            };
            let _ = s.enqueue(net(a, b), addr(a, b, 1), class, format!("w{step}"));
            while let Some(pick) = s.pop(now) {
                if let Pick::Grant(_, addr) = pick {
                    grants.push(now);
                    s.finished(addr);
                }
            }
        }
        // At most 2 in any window of 1 s starting at a grant's window (fixed
        // windows), hence at most 4 in any second and 2 per whole second overall.
        for (k, at) in grants.iter().enumerate() {
            let in_second = grants[k..]
                .iter()
                .take_while(|g| **g < *at + Duration::from_secs(1))
                .count();
            assert!(in_second <= 4, "{in_second} grants in a second from {at:?}");
        }
        assert!(grants.len() <= 2 * 11, "{}", grants.len());
        assert!(
            grants.len() >= 2 * 9,
            "the budget is used: {}",
            grants.len()
        );
        // Another instance spent the shared budget: nothing until then.
        let later = t0 + Duration::from_secs(20);
        s.block_until(later + Duration::from_millis(500));
        assert_eq!(s.wake(later), Wake::At(later + Duration::from_millis(500)));
        assert!(s.pop(later).is_none());
    }

    /// Every pick until none is possible now: `item+` granted, `item-` refused.
    fn picks(s: &mut Schedule<String>, now: Instant) -> Vec<String> {
        std::iter::from_fn(|| s.pop(now))
            .map(|pick| match pick {
                Pick::Grant(item, _) => format!("{item}+"),
                Pick::Refuse(item, why) => {
                    assert_eq!(why, Refusal::AddressBusy);
                    format!("{item}-")
                }
            })
            .collect()
    }

    #[test]
    fn checks_in_flight_are_bounded_per_address_and_overall() {
        let mut s = Schedule::new(Bounds {
            per_window: 100,
            ..BOUNDS
        });
        for i in 0..6 {
            let a = s.enqueue(net(1, 0), addr(1, 0, 1), Class::Unknown, format!("a{i}"));
            assert!(a.is_ok());
        }
        for i in 0..2 {
            let b = s.enqueue(net(1, 0), addr(1, 0, 2), Class::Unknown, format!("b{i}"));
            assert!(b.is_ok());
        }
        let now = Instant::now();
        // 10.1.0.1 has four in flight: its fifth and sixth are refused; 10.1.0.2,
        // in the same network, is not.
        assert_eq!(
            picks(&mut s, now),
            ["a0+", "a1+", "a2+", "a3+", "a4-", "a5-", "b0+", "b1+"]
        );

        let mut s = Schedule::new(Bounds {
            per_window: 100,
            running: 3,
            ..BOUNDS
        });
        for i in 0..5 {
            let w = s.enqueue(net(i, 0), addr(i, 0, 1), Class::Unknown, format!("w{i}"));
            assert!(w.is_ok());
        }
        assert_eq!(picks(&mut s, now), ["w0+", "w1+", "w2+"]);
        assert_eq!(
            s.wake(now),
            Wake::Idle,
            "no grant while three are in flight"
        );
        s.finished(addr(1, 0, 1));
        assert_eq!(picks(&mut s, now), ["w3+"]);
    }
}
