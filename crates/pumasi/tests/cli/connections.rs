//! A server that closes what it should: idle and slow connections are closed after the header
//! timeout, a client that holds every allowed connection cannot keep others out for longer than
//! that, and meanwhile clients that send requests are served.

use super::nodes::{Node, http};
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Whether the server closed `s` within `within` (a read returns end of file or an error).
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            // A 408 or similar before closing is fine: keep reading until the close.
            Ok(_) => {}
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

/// If this fails, anyone could exhaust the server's file descriptors with idle or slow
/// connections (1,100 were enough), and every other request would time out.
#[test]
fn idle_and_slow_connections_are_closed_and_others_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let node = Node::start_with(
        dir.path(),
        "node",
        &[
            ("PUMASI_HEADER_TIMEOUT_SECS", "1"),
            ("PUMASI_MAX_CONNECTIONS", "40"),
        ],
        false,
    );
    // Every allowed connection held: 30 that send nothing, 10 that send a header slowly.
    let mut idle: Vec<TcpStream> = (0..30)
        .map(|_| TcpStream::connect(node.addr).unwrap())
        .collect();
    let mut slow: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut s = TcpStream::connect(node.addr).unwrap();
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    // A client beyond the limit is served once the held connections time out: within a few
    // seconds, not never.
    let start = Instant::now();
    let r = http(node.addr, "GET", "/healthz", &[], b"");
    assert_eq!(r.status, 200);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "served after {:?}",
        start.elapsed()
    );
    for s in idle.iter_mut().chain(slow.iter_mut()) {
        assert!(
            closed_within(s, Duration::from_secs(5)),
            "an idle or slow connection is closed by the server"
        );
    }
    // A kept-alive connection that goes quiet after a request is closed too.
    let mut kept = TcpStream::connect(node.addr).unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    assert!(closed_within(&mut kept, Duration::from_secs(5)));
    // Under the limit, clients that send requests are served while others sit idle.
    let _quiet: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(node.addr).unwrap())
        .collect();
    let start = Instant::now();
    for _ in 0..20 {
        assert_eq!(http(node.addr, "GET", "/healthz", &[], b"").status, 200);
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "20 requests beside 20 idle connections took {:?}",
        start.elapsed()
    );
}
