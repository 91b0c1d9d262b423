import AsyncAlgorithms
import AsyncHTTPClient
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Sends a request upstream as the client sent it (method, path, query,
/// headers but the hop-by-hop ones, the body the middleware left) and
/// streams the answer back as it arrives: status, headers and body as the
/// upstream sent them, server-sent events chunk by chunk, compressed bodies
/// still compressed. It answers on its own only when it must: the upstream
/// sent nothing for `timeout` (504) or could not be reached (502), in the
/// error shape of the request's API. A body the upstream cuts short ends
/// the client's connection without the final chunk, so the client sees an
/// error, never a short answer. A client that goes away cancels the
/// upstream request.
public struct UpstreamForwarder: Sendable {
    public let client: HTTPClient
    public let upstreams: Upstreams
    /// The longest the upstream may stay silent: before its first byte and
    /// between any two reads after it. `client` must be made with the same
    /// read timeout (`UpstreamForwarder.clientConfiguration`).
    public let timeout: Duration
    public let bodyLimit: RequestBodyLimit
    public let metrics: ProxyMetrics?

    public init(client: HTTPClient, upstreams: Upstreams = Upstreams(), timeout: Duration = .seconds(600),
                bodyLimit: RequestBodyLimit = RequestBodyLimit(maxBytes: 64 << 20), metrics: ProxyMetrics? = nil) {
        self.client = client
        self.upstreams = upstreams
        self.timeout = timeout
        self.bodyLimit = bodyLimit
        self.metrics = metrics
    }

    /// The HTTP client settings a forwarder needs: no redirects followed (the
    /// client sees them), nothing decompressed, the read timeout, HTTP/2
    /// where the upstream offers it, and a pool as wide as the requests in flight.
    public static func clientConfiguration(timeout: Duration, maxConcurrent: Int) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .init(min(timeout, .seconds(30))), read: .init(timeout)),
            decompression: .disabled
        )
        configuration.httpVersion = .automatic
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, maxConcurrent)
        // An upstream that refuses connections is answered 502 at once (the
        // SDKs retry that), not after the connect timeout of retries.
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    public func forward<Context: RequestContext>(_ request: Request, context: Context) async -> Response {
        var request = request
        let route = APIRoute(method: request.method, path: request.head.path ?? "/", headers: request.headers)
        let body: ByteBuffer?
        do {
            body = try await bodyLimit.collect(&request)
        } catch {
            // The client went away while sending; nobody reads this answer.
            return Response(status: .badRequest)
        }
        guard let body else { return ProxyError.bodyTooLarge(limit: bodyLimit.maxBytes).response(for: route.provider) }

        var upstreamRequest = HTTPClientRequest(url: upstreams.url(for: route.provider, pathAndQuery: request.head.path ?? "/"))
        upstreamRequest.method = HTTPMethod(rawValue: request.method.rawValue)
        upstreamRequest.headers = HeaderForwarding.upstream(request.headers)
        if body.readableBytes > 0 || request.headers[.contentLength] != nil || request.headers[.transferEncoding] != nil {
            upstreamRequest.body = .bytes(body)
        }

        // An API call may run for minutes: watch for the client leaving.
        let disconnect = route.format == nil ? nil : await Self.watch(request, context: context)
        let started = ContinuousClock.now
        let upstreamResponse: HTTPClientResponse
        do {
            let (client, logger, upstreamRequest) = (client, context.logger, upstreamRequest)
            let execute = { @Sendable in try await client.execute(upstreamRequest, deadline: .distantFuture, logger: logger) }
            if let disconnect {
                upstreamResponse = try await disconnect.cancelling(execute)
            } else {
                upstreamResponse = try await execute()
            }
        } catch {
            await disconnect?.finish()
            let proxyError = self.proxyError(for: error)
            context.logger.warning("upstream request failed", metadata: ["error": "\(proxyError.code)", "reason": "\(Self.reason(error))"])
            var response = proxyError.response(for: route.provider)
            if disconnect?.closesConnection == true { response.headers[.connection] = "close" }
            return response
        }
        let firstByte = started.duration(to: .now)
        metrics?.recordUpstreamFirstByte(firstByte, provider: route.provider)

        var headers = HeaderForwarding.downstream(upstreamResponse.headers)
        ServerTiming.append("upstream", firstByte, to: &headers)
        if disconnect?.closesConnection == true { headers[.connection] = "close" }
        let status = HTTPResponse.Status(code: Int(upstreamResponse.status.code), reasonPhrase: upstreamResponse.status.reasonPhrase)
        let upstreamBody = upstreamResponse.body
        let logger = context.logger
        // Ends the watch even if the body is never written (the client went
        // away before the head); the writer ends it first, and waits for it.
        let watch = disconnect.map(WatchEnd.init)
        return Response(status: status, headers: headers, body: ResponseBody { writer in
            do {
                try await Self.relay(upstreamBody, to: &writer, disconnect: disconnect, logger: logger)
            } catch {
                await watch?.end()
                throw error
            }
            await watch?.end()
            try await writer.finish(nil)
        })
    }

    /// A watch for the client leaving: through the connection's
    /// `ClientCloseHandler` when the context carries the channel and the
    /// server installed one (the connection then stays open for the next
    /// request), or else by reading the connection, which closes it after
    /// the response.
    private static func watch<Context: RequestContext>(_ request: Request, context: Context) async -> ClientDisconnect {
        if let channel = (context as? any ClientChannelRequestContext)?.clientChannel,
           let handler = try? await channel.pipeline.handler(type: ClientCloseHandler.self).get() {
            return handler.watch()
        }
        return ClientDisconnect.watching(request.body)
    }

    /// Copies the upstream body to the client chunk by chunk. The upstream
    /// side is read in a task of its own, handed over one chunk at a time,
    /// so that a client going away cancels it even while the upstream is
    /// silent.
    private static func relay(_ body: HTTPClientResponse.Body, to writer: inout any ResponseBodyWriter,
                              disconnect: ClientDisconnect?, logger: Logger) async throws {
        guard let disconnect else {
            do {
                for try await chunk in body { try await writer.write(chunk) }
            } catch {
                logger.warning("upstream stream ended early", metadata: ["reason": "\(reason(error))"])
                throw error
            }
            return
        }
        let chunks = AsyncThrowingChannel<ByteBuffer, any Error>()
        let reader = Task {
            do {
                for try await chunk in body { await chunks.send(chunk) }
                chunks.finish()
            } catch {
                chunks.fail(error)
            }
        }
        let id = disconnect.register { reader.cancel() }
        defer {
            disconnect.unregister(id)
            reader.cancel()
        }
        do {
            for try await chunk in chunks { try await writer.write(chunk) }
        } catch {
            if !disconnect.isClosed { logger.warning("upstream stream ended early", metadata: ["reason": "\(reason(error))"]) }
            throw error
        }
        if disconnect.isClosed { throw CancellationError() }
    }

    private func proxyError(for error: any Error) -> ProxyError {
        if let error = error as? HTTPClientError, error == .readTimeout || error == .deadlineExceeded {
            return .upstreamTimeout(seconds: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        }
        return .upstreamUnreachable(Self.reason(error))
    }

    /// A short reason for a log line or error message: the error's type and
    /// case, never a request's contents.
    static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return error.shortDescription }
        return String(describing: error).prefix(200).description
    }
}
