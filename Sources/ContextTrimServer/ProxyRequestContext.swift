import Hummingbird
import NIOCore

/// A request context that carries the client's channel, so that the
/// forwarder can learn of the client leaving from the connection's
/// `ClientCloseHandler` and keep the connection alive between requests.
public protocol ClientChannelRequestContext: RequestContext {
    var clientChannel: any Channel { get }
}

/// The request context of `ctxtrim proxy`: Hummingbird's basic one, plus
/// the client's channel. A gateway of its own gets the same keep-alive by
/// routing with it and installing a `ClientCloseHandler` per connection.
public struct ProxyRequestContext: ClientChannelRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let clientChannel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        clientChannel = source.channel
    }
}
