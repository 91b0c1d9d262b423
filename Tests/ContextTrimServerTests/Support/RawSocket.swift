#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A blocking TCP socket on loopback, for what an HTTP client library will
/// not do on purpose: send a chunked body or `Expect: 100-continue` by hand,
/// leave in the middle of a stream, read a head byte for byte.
final class RawSocket: @unchecked Sendable {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Calls `body` with 127.0.0.1:`port` (0: any free port) as a `sockaddr`,
    /// for `bind` or `connect`.
    static func withLoopbackAddress<T>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    static func connect(port: Int) throws -> RawSocket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let result = withLoopbackAddress(port: port) { Glibc.connect(descriptor, $0, $1) }
        guard result == 0 else { Glibc.close(descriptor); throw RawSocketError("connect to \(port) failed: errno \(errno)") }
        return RawSocket(descriptor: descriptor)
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends `POST path` with a JSON `body` of known length, `headers`
    /// (whole lines, without their CRLF) after `Host`.
    func postJSON(_ path: String, _ body: String, headers: [String] = []) throws {
        let extra = headers.map { $0 + "\r\n" }.joined()
        try send("POST \(path) HTTP/1.1\r\nHost: x\r\n\(extra)Content-Type: application/json\r\n"
                 + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw RawSocketError("send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Reads until `done` holds for what was read, the peer closes, or
    /// `timeout` passes; returns what was read.
    func read(timeout: Duration = .seconds(10), until done: ([UInt8]) -> Bool = { _ in false }) -> [UInt8] {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !done(received) {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { break }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&poller, 1, max(1, milliseconds)) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        return received
    }

    /// `read`, on a thread of its own: a blocking read on the concurrency
    /// pool (two threads on two cores) would starve the proxy under test.
    func received(timeout: Duration = .seconds(10), until done: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }) async -> [UInt8] {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.read(timeout: timeout, until: done)) }
        }
    }

    /// Closes with a reset (SO_LINGER 0) rather than an orderly FIN.
    func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        Glibc.close(descriptor)
    }

    func close() { Glibc.close(descriptor) }
}

struct RawSocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A one-connection-at-a-time upstream that answers with bytes the test
/// writes itself: a response cut short, a reset, and the request head
/// exactly as it arrived (header order and case).
final class RawUpstream: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let heads = NSLock()
    private var receivedHeads: [String] = []

    /// `respond` is given the request's head and writes to the socket; the
    /// socket is closed after it unless it did so itself.
    init(respond: @escaping @Sendable (String, RawSocket) -> Void) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        listener = descriptor
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        _ = RawSocket.withLoopbackAddress(port: 0) { bind(descriptor, $0, $1) }
        listen(descriptor, 16)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        port = Int(UInt16(bigEndian: bound.sin_port))
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(descriptor, nil, nil)
                guard connection >= 0 else { return }
                let socket = RawSocket(descriptor: connection)
                let request = socket.read(timeout: .seconds(10)) { received in
                    guard let end = Self.headEnd(received) else { return false }
                    let head = String(decoding: received[..<end], as: UTF8.self).lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
                    return received.count >= end + 4 + length
                }
                let head = Self.headEnd(request).map { String(decoding: request[..<$0], as: UTF8.self) } ?? ""
                self.heads.withLock { self.receivedHeads.append(head) }
                respond(head, socket)
            }
        }
    }

    var requestHeads: [String] { heads.withLock { receivedHeads } }
    var url: String { "http://127.0.0.1:\(port)" }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// Loopback ports for a test to bind by number.
enum LoopbackPort {
    /// A port nothing listens on, from below Linux's ephemeral range
    /// (32768 and up), so that no server another test binds to port 0 can
    /// be given it before this test uses it.
    static func unused() -> Int {
        while true {
            let port = Int.random(in: 20000..<32000)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let bound = RawSocket.withLoopbackAddress(port: port) { bind(descriptor, $0, $1) }
            Glibc.close(descriptor)
            if bound == 0 { return port }
        }
    }
}
