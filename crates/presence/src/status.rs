//! [`Status`] (what others see) and [`CallStatus`] (what Twilio reports about a call).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A user's presence as others see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Connected on at least one endpoint and not on a call: incoming calls ring.
    Available,
    /// No connected endpoint.
    Unavailable,
    /// On a call (or being rung).
    Busy,
}

impl Status {
    /// The lowercase name used on the wire (`available`, `unavailable`, `busy`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Unavailable => "unavailable",
            Self::Busy => "busy",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A call's status as Twilio reports it (`CallStatus` in status callbacks).
///
/// Parsing never fails: values Twilio may add later land in [`CallStatus::Other`] and
/// are ignored by the presence logic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
#[non_exhaustive]
pub enum CallStatus {
    /// `queued`: created, not yet dialling.
    Queued,
    /// `initiated`: dialling started (status callback event).
    Initiated,
    /// `ringing`.
    Ringing,
    /// `in-progress`: answered.
    InProgress,
    /// `completed`: ended normally.
    Completed,
    /// `busy`: the callee was busy.
    Busy,
    /// `no-answer`.
    NoAnswer,
    /// `failed`.
    Failed,
    /// `canceled`.
    Canceled,
    /// A value this crate does not know.
    Other(String),
}

impl CallStatus {
    /// Every status this crate knows, in lifecycle order.
    pub const KNOWN: [CallStatus; 9] = [
        Self::Queued,
        Self::Initiated,
        Self::Ringing,
        Self::InProgress,
        Self::Completed,
        Self::Busy,
        Self::NoAnswer,
        Self::Failed,
        Self::Canceled,
    ];

    /// The wire name, e.g. `in-progress`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Queued => "queued",
            Self::Initiated => "initiated",
            Self::Ringing => "ringing",
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
            Self::Busy => "busy",
            Self::NoAnswer => "no-answer",
            Self::Failed => "failed",
            Self::Canceled => "canceled",
            Self::Other(s) => s,
        }
    }

    /// True once the call is over: no later status can revive it.
    pub const fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Busy | Self::NoAnswer | Self::Failed | Self::Canceled
        )
    }

    /// True while the call occupies the user (queued, initiated, ringing, in progress).
    pub const fn is_active(&self) -> bool {
        matches!(
            self,
            Self::Queued | Self::Initiated | Self::Ringing | Self::InProgress
        )
    }

    /// Position in the call lifecycle; `None` for unknown values.
    ///
    /// Statuses only move forward, so a late `ringing` never undoes `completed`.
    /// Terminal statuses share the top rank and are told apart by [`Self::tie_break`].
    pub(crate) const fn rank(&self) -> Option<u8> {
        match self {
            Self::Queued => Some(0),
            Self::Initiated => Some(1),
            Self::Ringing => Some(2),
            Self::InProgress => Some(3),
            Self::Completed | Self::Busy | Self::NoAnswer | Self::Failed | Self::Canceled => {
                Some(4)
            }
            Self::Other(_) => None,
        }
    }

    /// A fixed order among terminal statuses, so replicas agree whatever order
    /// two conflicting terminal reports arrive in.
    pub(crate) const fn tie_break(&self) -> u8 {
        match self {
            Self::Completed => 5,
            Self::Canceled => 4,
            Self::NoAnswer => 3,
            Self::Busy => 2,
            Self::Failed => 1,
            _ => 0,
        }
    }
}

impl From<&str> for CallStatus {
    fn from(s: &str) -> Self {
        Self::KNOWN
            .into_iter()
            .find(|k| k.as_str() == s)
            .unwrap_or_else(|| Self::Other(s.to_owned()))
    }
}

impl From<String> for CallStatus {
    fn from(s: String) -> Self {
        Self::from(s.as_str())
    }
}

impl From<CallStatus> for String {
    fn from(s: CallStatus) -> String {
        s.as_str().to_owned()
    }
}

impl FromStr for CallStatus {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(s))
    }
}

impl fmt::Display for CallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for k in CallStatus::KNOWN {
            assert_eq!(CallStatus::from(k.as_str()), k);
            assert!(k.is_active() != k.is_terminal());
        }
        assert_eq!(
            CallStatus::from("answered-by-robot"),
            CallStatus::Other("answered-by-robot".into())
        );
        let other = CallStatus::from("x");
        assert!(!other.is_active() && !other.is_terminal() && other.rank().is_none());
    }
}
