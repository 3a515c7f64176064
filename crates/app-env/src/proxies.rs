//! `TRUSTED_PROXIES`: which address a request counts against (throttles, rate
//! limits) when reverse proxies sit in front of the app.
//!
//! Each proxy appends the address it saw to `X-Forwarded-For`, so only the entries
//! that trusted proxies wrote can be believed; anything to their left is whatever
//! the client sent.
//!
//! ```
//! use std::net::IpAddr;
//! use twilio_app_env::proxies::Proxies;
//!
//! let peer: IpAddr = "10.0.0.5".parse()?;
//! let xff = ["6.6.6.6, 203.0.113.9"]; // the client forged 6.6.6.6
//! let one_hop = Proxies::parse("1")?;
//! assert_eq!(one_hop.client(peer, xff), "203.0.113.9".parse::<IpAddr>()?);
//! let by_address = Proxies::parse("10.0.0.0/8")?;
//! assert_eq!(by_address.client(peer, xff), "203.0.113.9".parse::<IpAddr>()?);
//! assert_eq!(Proxies::None.client(peer, xff), peer);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::net::IpAddr;

use crate::Error;

/// The reverse proxies in front of the app.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Proxies {
    /// None: the peer address is the client (the default).
    #[default]
    None,
    /// This many proxies, whatever their addresses (a platform load balancer).
    Hops(usize),
    /// Proxies at these addresses or networks.
    Trusted(Vec<Network>),
}

/// An address with a prefix length, e.g. `10.0.0.0/8` (a bare address is a /32 or /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// Parses `IP` or `IP/PREFIX`.
    ///
    /// # Errors
    /// Not an address, or a prefix longer than the address.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bad = || {
            Error::new(
                "TRUSTED_PROXIES",
                "not an IP address or network such as 10.0.0.0/8",
            )
        };
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let addr: IpAddr = addr.trim().parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(bad)?,
        };
        Ok(Self { addr, prefix })
    }

    /// Whether `ip` is inside this network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let (a, b, bits) = match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(a), IpAddr::V4(b)) => {
                (u128::from(a.to_bits()), u128::from(b.to_bits()), 32)
            }
            (IpAddr::V6(a), IpAddr::V6(b)) => (a.to_bits(), b.to_bits(), 128),
            _ => return false,
        };
        let shift = bits - u32::from(self.prefix);
        shift >= bits || (a >> shift) == (b >> shift)
    }
}

impl Proxies {
    /// Parses `TRUSTED_PROXIES`: a hop count (`1`), or addresses and networks
    /// separated by commas (`10.0.0.0/8,::1`); empty or `0` is none.
    ///
    /// # Errors
    /// Anything else, naming `TRUSTED_PROXIES` (never the value).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Self::None);
        }
        if let Ok(hops) = text.parse::<usize>() {
            return Ok(if hops == 0 {
                Self::None
            } else {
                Self::Hops(hops)
            });
        }
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Network::parse)
            .collect::<Result<Vec<_>, _>>()
            .map(Self::Trusted)
    }

    /// The client address of a request from `peer` carrying these
    /// `X-Forwarded-For` header values (in order): the first address, from the
    /// right, that no trusted proxy stands for. Falls back to the nearest address
    /// known when the header is short or malformed.
    pub fn client<'a>(&self, peer: IpAddr, forwarded: impl IntoIterator<Item = &'a str>) -> IpAddr {
        let trusted = match self {
            Self::None => return peer,
            Self::Hops(0) => return peer,
            Self::Hops(_) | Self::Trusted(_) => self,
        };
        let entries: Vec<&str> = forwarded
            .into_iter()
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for (walked, entry) in entries.iter().rev().enumerate() {
            let proxy_in_front = match trusted {
                Self::Hops(hops) => walked < *hops,
                Self::Trusted(networks) => networks.iter().any(|n| n.contains(client)),
                Self::None => false,
            };
            if !proxy_in_front {
                break;
            }
            match entry.parse::<IpAddr>() {
                Ok(ip) => client = ip.to_canonical(),
                Err(_) => break,
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn hops_believe_only_the_entries_their_proxies_wrote() {
        let two = Proxies::parse("2").unwrap();
        let headers = ["1.1.1.1, 2.2.2.2", "3.3.3.3"];
        assert_eq!(two.client(ip("10.0.0.1"), headers), ip("2.2.2.2"));
        assert_eq!(
            Proxies::parse("1").unwrap().client(ip("10.0.0.1"), headers),
            ip("3.3.3.3")
        );
        // Fewer entries than hops: the leftmost one there is.
        assert_eq!(
            Proxies::parse("5").unwrap().client(ip("10.0.0.1"), headers),
            ip("1.1.1.1")
        );
        assert_eq!(two.client(ip("10.0.0.1"), []), ip("10.0.0.1"));
        assert_eq!(Proxies::parse(" 0 ").unwrap(), Proxies::None);
    }

    #[test]
    fn trusted_networks_are_walked_from_the_right() {
        let proxies = Proxies::parse("10.0.0.0/8, 192.168.1.7, ::1").unwrap();
        // Peer and the next entry are proxies: the client is the entry before them.
        assert_eq!(
            proxies.client(ip("10.1.2.3"), ["6.6.6.6, 203.0.113.9, 192.168.1.7"]),
            ip("203.0.113.9")
        );
        // A peer that is not a proxy is the client, whatever it claims.
        assert_eq!(
            proxies.client(ip("203.0.113.1"), ["10.0.0.1"]),
            ip("203.0.113.1")
        );
        assert_eq!(proxies.client(ip("::1"), ["garbage"]), ip("::1"));
        // IPv4-mapped IPv6 peers count as their IPv4 address.
        assert_eq!(
            proxies.client(ip("::ffff:10.0.0.1").to_canonical(), ["198.51.100.2"]),
            ip("198.51.100.2")
        );
    }

    #[test]
    fn networks_match_their_prefix() {
        let net = Network::parse("192.168.0.0/16").unwrap();
        assert!(net.contains(ip("192.168.200.1")));
        assert!(!net.contains(ip("192.169.0.1")));
        assert!(!net.contains(ip("::1")));
        assert!(Network::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(Network::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        for bad in ["10.0.0.0/33", "x", "::/129", "10.0.0.1/"] {
            assert!(Network::parse(bad).is_err(), "{bad}");
        }
        assert!(Proxies::parse("1,x").is_err());
    }
}
