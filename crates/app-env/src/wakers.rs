//! The waiting tasks of one worker thread's fan-out, each in a slot of its own.
//!
//! presence-phone's event streams and flex-backend's statistics sockets wait on one
//! hub per actix worker thread: the hub's task receives each new message once for the
//! worker and wakes the worker's waiting bodies from the same thread, which tokio's
//! `LocalSet` queues without a lock (a wake-up from another thread goes through the
//! worker's locked run queue, one per socket). A body keeps its slot until it ends, so
//! ended bodies leave nothing behind between messages.

use std::task::Waker;

/// Wakers by slot; a slot is reused once its body has ended.
#[derive(Debug, Default)]
pub struct WakerSlots {
    slots: Vec<Option<Waker>>,
    free: Vec<usize>,
}

impl WakerSlots {
    /// A new empty slot; give it back with [`remove`](Self::remove).
    pub fn add(&mut self) -> usize {
        self.free.pop().unwrap_or_else(|| {
            self.slots.push(None);
            self.slots.len() - 1
        })
    }

    /// Registers `waker` in `slot` (kept as it is when it would wake the same task).
    pub fn set(&mut self, slot: usize, waker: &Waker) {
        if let Some(held) = self.slots.get_mut(slot) {
            match held {
                Some(w) if w.will_wake(waker) => {}
                _ => *held = Some(waker.clone()),
            }
        }
    }

    /// Frees `slot` for the next body.
    pub fn remove(&mut self, slot: usize) {
        if let Some(held) = self.slots.get_mut(slot) {
            *held = None;
            self.free.push(slot);
        }
    }

    /// Takes every registered waker, leaving the slots empty but reserved.
    pub fn take_all(&mut self) -> Vec<Waker> {
        self.slots.iter_mut().filter_map(Option::take).collect()
    }

    /// Slots in use or free (the most bodies this hub had at once).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    struct Count(AtomicUsize);
    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn each_waiting_body_is_woken_once_and_ended_ones_free_their_slot() {
        let count = Arc::new(Count(AtomicUsize::new(0)));
        let waker = Waker::from(Arc::clone(&count));
        let mut slots = WakerSlots::default();
        let (a, b) = (slots.add(), slots.add());
        slots.set(a, &waker);
        slots.set(a, &waker);
        slots.set(b, &waker);
        slots.take_all().into_iter().for_each(Waker::wake);
        assert_eq!(count.0.load(Ordering::SeqCst), 2, "one wake per slot");
        assert!(
            slots.take_all().is_empty(),
            "woken slots wait for a new waker"
        );

        slots.set(b, &waker);
        slots.remove(b);
        assert!(slots.take_all().is_empty(), "an ended body is not woken");
        assert_eq!(slots.add(), b, "its slot is reused");
        assert_eq!(slots.capacity(), 2);
        slots.set(99, &waker); // an unknown slot is ignored
        assert_eq!(slots.capacity(), 2);
    }
}
