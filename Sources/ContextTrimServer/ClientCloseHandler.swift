import NIOCore
import NIOHTTPTypes
import Synchronization

/// Tells the request in flight on a connection that its client has gone,
/// from the channel's own `channelInactive`: unlike a watch that reads the
/// request stream, it leaves the connection to the server, which keeps it
/// open for the client's next request. `TrimProxy` installs one per
/// connection; the forwarder finds it through `ProxyRequestContext`.
public final class ClientCloseHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart

    private struct State {
        var closed = false
        var current: ClientDisconnect?
    }

    private let state = Mutex(State())

    public init() {}

    public func channelInactive(context: ChannelHandlerContext) {
        let current = state.withLock { state -> ClientDisconnect? in
            state.closed = true
            defer { state.current = nil }
            return state.current
        }
        current?.clientClosed()
        context.fireChannelInactive()
    }

    /// A watch for the request now in flight on this connection (HTTP/1.1
    /// serves one at a time), ended by its `finish()`.
    func watch() -> ClientDisconnect {
        let disconnect = ClientDisconnect(closesConnection: false)
        disconnect.onFinish { [weak self] in
            self?.state.withLock { state in
                if state.current === disconnect { state.current = nil }
            }
        }
        let closed = state.withLock { state -> Bool in
            state.current = disconnect
            return state.closed
        }
        if closed { disconnect.clientClosed() }
        return disconnect
    }
}
