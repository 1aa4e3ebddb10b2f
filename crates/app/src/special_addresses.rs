//! Addresses that webhooks and media fetches must never reach: every block of IANA's IPv4 and
//! IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), plus multicast and the
//! deprecated site-local block. Blocks the registry marks "globally reachable" (a handful of
//! anycast services) are refused too: no webhook or media server lives there.
//!
//! IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is judged as the IPv4 address it carries. Other forms that
//! carry an IPv4 address (IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`,
//! Teredo in `2001::/32`) are refused whole: they can reach any IPv4 host, internal ones included.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once at start-up (`GERBANG_OUTBOUND_LOOPBACK_ONLY`): every request the gateway makes to an
/// address a user gave it (webhooks, media URLs, AI providers, Chatwoot) may go to loopback only.
/// For test runs and fuzzing on machines that must not reach any other network.
static LOOPBACK_ONLY: AtomicBool = AtomicBool::new(false);

pub fn restrict_outbound_to_loopback(on: bool) {
    LOOPBACK_ONLY.store(on, Ordering::Relaxed);
}

/// Whether the loopback-only switch forbids `host` (an IP literal or a name), decided before
/// any DNS lookup: under the switch only loopback literals and `localhost` pass.
pub fn beyond_loopback(host: &str) -> bool {
    LOOPBACK_ONLY.load(Ordering::Relaxed) && not_loopback(host)
}

fn not_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) => !ip.is_loopback(),
        Err(_) => !host.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
    }
}

/// The reason given when `beyond_loopback` refuses a host.
pub const LOOPBACK_ONLY_REASON: &str =
    "outbound traffic is limited to loopback here (GERBANG_OUTBOUND_LOOPBACK_ONLY)";

/// IANA IPv4 Special-Purpose Address Registry, and the multicast block.
const V4: &[(Ipv4Addr, u8)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8),          // "this network" (RFC 791)
    (Ipv4Addr::new(10, 0, 0, 0), 8),         // private use (RFC 1918)
    (Ipv4Addr::new(100, 64, 0, 0), 10),      // shared address space, CGN (RFC 6598)
    (Ipv4Addr::new(127, 0, 0, 0), 8),        // loopback (RFC 1122)
    (Ipv4Addr::new(169, 254, 0, 0), 16),     // link local, cloud metadata (RFC 3927)
    (Ipv4Addr::new(172, 16, 0, 0), 12),      // private use (RFC 1918)
    (Ipv4Addr::new(192, 0, 0, 0), 24),       // IETF protocol assignments, DS-Lite, NAT64 discovery
    (Ipv4Addr::new(192, 0, 2, 0), 24),       // documentation TEST-NET-1 (RFC 5737)
    (Ipv4Addr::new(192, 31, 196, 0), 24),    // AS112-v4 (RFC 7535)
    (Ipv4Addr::new(192, 52, 193, 0), 24),    // AMT (RFC 7450)
    (Ipv4Addr::new(192, 88, 99, 0), 24),     // deprecated 6to4 relay anycast (RFC 7526)
    (Ipv4Addr::new(192, 168, 0, 0), 16),     // private use (RFC 1918)
    (Ipv4Addr::new(192, 175, 48, 0), 24),    // direct delegation AS112 service (RFC 7534)
    (Ipv4Addr::new(198, 18, 0, 0), 15),      // benchmarking (RFC 2544)
    (Ipv4Addr::new(198, 51, 100, 0), 24),    // documentation TEST-NET-2 (RFC 5737)
    (Ipv4Addr::new(203, 0, 113, 0), 24),     // documentation TEST-NET-3 (RFC 5737)
    (Ipv4Addr::new(224, 0, 0, 0), 4),        // multicast (RFC 5771)
    (Ipv4Addr::new(240, 0, 0, 0), 4),        // reserved (RFC 1112), includes broadcast
    (Ipv4Addr::new(255, 255, 255, 255), 32), // limited broadcast (RFC 919)
];

/// IANA IPv6 Special-Purpose Address Registry, multicast and deprecated site-local.
/// `::ffff:0:0/96` is absent on purpose: it is judged by the IPv4 address it maps.
const V6: &[(Ipv6Addr, u8)] = &[
    (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 96), // IPv4-compatible (deprecated), `::`, `::1`
    (Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96), // IPv4/IPv6 translation (RFC 6052)
    (Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0), 48), // local-use translation (RFC 8215)
    (Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0), 64), // discard-only (RFC 6666)
    (Ipv6Addr::new(0x100, 0, 0, 1, 0, 0, 0, 0), 64), // dummy prefix (RFC 9780)
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23), // IETF protocol assignments, Teredo, ORCHID
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32), // documentation (RFC 3849)
    (Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16), // 6to4 (RFC 3056)
    (Ipv6Addr::new(0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0), 48), // direct delegation AS112
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20), // documentation (RFC 9637)
    (Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0), 16), // segment routing SIDs (RFC 9602)
    (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7), // unique local (RFC 4193)
    (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10), // link-local unicast (RFC 4291)
    (Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0), 10), // site-local (deprecated, RFC 3879)
    (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8), // multicast (RFC 4291)
];

/// Whether `ip` is in a special-purpose block (so not a public server's address).
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => in_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => in_v4(v4),
            None => {
                let a = u128::from(v6);
                V6.iter()
                    .any(|(net, len)| prefix_match(a, u128::from(*net), *len, 128))
            }
        },
    }
}

fn in_v4(v4: Ipv4Addr) -> bool {
    let a = u128::from(u32::from(v4));
    V4.iter()
        .any(|(net, len)| prefix_match(a, u128::from(u32::from(*net)), *len, 32))
}

/// The first `len` of `bits` bits of `a` and `net` agree.
fn prefix_match(a: u128, net: u128, len: u8, bits: u32) -> bool {
    let shift = bits - u32::from(len);
    (a >> shift) == (net >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(s: &str) -> bool {
        is_internal(s.parse().unwrap())
    }

    #[test]
    fn only_loopback_passes_the_loopback_only_switch() {
        for host in [
            "127.0.0.1",
            "127.8.9.10",
            "[::1]",
            "localhost",
            "LOCALHOST.",
        ] {
            assert!(!not_loopback(host), "{host}");
        }
        for host in [
            "example.com",
            "10.0.0.1",
            "[::ffff:127.0.0.1]",
            "localhost.example",
            "0.0.0.0",
        ] {
            assert!(not_loopback(host), "{host}");
        }
    }

    #[test]
    fn every_registry_block_is_refused_at_both_ends() {
        for ip in [
            "0.0.0.0",
            "0.255.255.255",
            "10.0.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "127.0.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.9",
            "192.0.0.170",
            "192.0.2.1",
            "192.31.196.1",
            "192.52.193.1",
            "192.88.99.1",
            "192.168.1.1",
            "192.175.48.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::127.0.0.1",
            "::8.8.8.8",
            "::ffff:127.0.0.1",
            "::ffff:198.18.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "64:ff9b::8.8.8.8",
            "64:ff9b:1::1",
            "100::1",
            "100:0:0:1::1",
            "2001::1",
            "2001:1ff::1",
            "2001:2::1",
            "2001:db8::1",
            "2002:a00:1::1",
            "2002:808:808::1",
            "2620:4f:8000::1",
            "3fff::1",
            "5f00::1",
            "fc00::1",
            "fdff::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "ff02::1",
        ] {
            assert!(internal(ip), "{ip} must be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "::ffff:8.8.8.8",
            "2001:200::1",
            "2001:4860:4860::8888",
            "2606:4700::1111",
            "2a00:1450::1",
        ] {
            assert!(!internal(ip), "{ip} is public");
        }
    }
}
